/** Failure injection: make an action's next call(s) fail with a chosen code, or an enterprise fail verification. */
import { actions } from "../../actions/index.ts";
import type { DomainDeps } from "../../domain/deps.ts";
import { addFault, listFaults, removeFault } from "../../domain/faults.ts";
import type { ControlRoute } from "./control-route.ts";

const ACTION_NAMES: readonly string[] = actions.map((action) => action.name);

export function faultRoutes(domain: DomainDeps): ControlRoute[] {
  return [
    ["POST", "faults", async (org, body) => ({ faults: await addFault(domain, org, body, ACTION_NAMES) })],
    ["GET", "faults", async (org) => ({ faults: await listFaults(domain, org) })],
    ["DELETE", "faults/:id", async (org, _body, params) => removeFault(domain, org, params.id!)],
  ];
}
