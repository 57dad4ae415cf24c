import { z } from "zod";
import type { DomainDeps } from "../domain/deps.ts";
import type { ActingContext } from "../domain/operators.ts";
import type { LocalizedText } from "../domain/errors.ts";
import type { JsonSchema } from "./params.ts";
import { Agent, UserInfo } from "./shapes.ts";

export interface ActionContext {
  deps: DomainDeps;
  acting: ActingContext;
  requestId: string;
}

/**
 * Every ESS action names its operator; most also take `Agent` (the sub-enterprise a group acts for), but not all
 * (CreateOrganizationGroupInvitationLink has none in the spec), so `Agent` is the schema's to declare.
 */
export type ActionInput = z.ZodObject<{ Operator: typeof UserInfo; Agent?: typeof Agent } & z.ZodRawShape>;

export interface ActionDefinition<S extends ActionInput = ActionInput> {
  /** The wire name (`X-TC-Action`). */
  name: string;
  description: LocalizedText;
  input: S;
  handle(input: z.infer<S>, ctx: ActionContext): Promise<Record<string, unknown>>;
}

/** An action plus what the dispatcher derives from it once at start-up. */
export interface RegisteredAction extends ActionDefinition {
  jsonSchema: JsonSchema;
}

export function defineAction<S extends ActionInput>(definition: ActionDefinition<S>): ActionDefinition<S> {
  return definition;
}

export function registerActions(definitions: ReadonlyArray<ActionDefinition<any>>): Map<string, RegisteredAction> {
  return new Map(definitions.map((d) => [d.name, { ...d, jsonSchema: z.toJSONSchema(d.input, { io: "input", unrepresentable: "any" }) as JsonSchema }]));
}
