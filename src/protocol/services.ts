/**
 * The service registry: every API essd knows, keyed by (service, version). A request's Version picks the service;
 * its Action is then implemented (a registered action), known but not implemented (named in the service's spec,
 * answered UnsupportedOperation), or unknown (in no spec: InvalidAction).
 */
import { registerActions, type ActionDefinition, type RegisteredAction } from "./action.ts";
import type { SpecFacts } from "./spec/index.ts";

export interface ServiceDefinition {
  spec: SpecFacts;
  /** The actions essd implements in this service. */
  actions: ReadonlyArray<ActionDefinition<any, any>>;
  /** Whose keys sign its calls: an enterprise's (ess) or a platform application's (essbasic). */
  signedBy: "enterprise" | "application";
}

export interface RegisteredService {
  /** The service's short name, e.g. `ess`, `essbasic`. */
  name: string;
  version: string;
  spec: SpecFacts;
  signedBy: ServiceDefinition["signedBy"];
  /** The implemented actions, by wire name. */
  actions: ReadonlyMap<string, RegisteredAction>;
}

export interface ServiceRegistry {
  services: ReadonlyArray<RegisteredService>;
  /** The service a request's Version names, if any. */
  byVersion(version: string): RegisteredService | undefined;
  /** Whether any registered service's spec (or implementation) names the action. */
  knowsAction(action: string): boolean;
  /** Every implemented action of every service (a name may occur in several services). */
  implemented(): RegisteredAction[];
}

export function registerServices(definitions: ReadonlyArray<ServiceDefinition>): ServiceRegistry {
  const services: RegisteredService[] = definitions.map(({ spec, actions, signedBy }) => ({
    name: spec.service,
    signedBy,
    version: spec.version,
    spec,
    actions: registerActions(actions),
  }));
  const versions = new Map<string, RegisteredService>();
  for (const service of services) {
    // Each version names exactly one service: the Version is all a request says about which API it calls.
    if (versions.has(service.version)) throw new Error(`two services registered for version ${service.version}`);
    versions.set(service.version, service);
  }
  const known = new Set(services.flatMap((s) => [...Object.keys(s.spec.actions), ...s.actions.keys()]));
  return {
    services,
    byVersion: (version) => versions.get(version),
    knowsAction: (action) => known.has(action),
    implemented: () => services.flatMap((s) => [...s.actions.values()]),
  };
}

/** Whether a service's spec names the action (so it exists at Tencent, implemented here or not). */
export function specNames(service: RegisteredService, action: string): boolean {
  return Object.hasOwn(service.spec.actions, action);
}
