import { z } from "zod";
import type { DomainDeps } from "../domain/deps.ts";
import { authorizeOperator, type ActingContext } from "../domain/operators.ts";
import type { LocalizedText } from "../domain/errors.ts";
import { resolveAgent, type AgentInput, type PlatformActing } from "../domain/platforms/identity-mapping.ts";
import type { JsonSchema } from "./params.ts";
import { Agent, PlatformAgent, UserInfo } from "./shapes.ts";

/** Who signed a call, as the signature stage established it. */
export interface Caller {
  organizationId: string;
  /** The platform application whose key signed (essbasic), or null for an enterprise's key (ess). */
  applicationId: string | null;
}

export interface ActionContext<A = ActingContext> {
  deps: DomainDeps;
  acting: A;
  requestId: string;
}

/**
 * Every ESS action names its operator; most also take `Agent` (the sub-enterprise a group acts for), but not all
 * (CreateOrganizationGroupInvitationLink has none in the spec), so `Agent` is the schema's to declare.
 */
export type ActionInput = z.ZodObject<{ Operator: typeof UserInfo; Agent?: typeof Agent } & z.ZodRawShape>;
/** Every essbasic action names the application and, as it needs them, the sub-enterprise and its operator. */
export type PlatformActionInput = z.ZodObject<{ Agent: typeof PlatformAgent } & z.ZodRawShape>;

export interface ActionDefinition<S extends z.ZodObject = ActionInput, A = ActingContext> {
  /** The wire name (`X-TC-Action`). */
  name: string;
  description: LocalizedText;
  input: S;
  /** Who may act, from the validated input and the signer: the Operator/Agent check of its service. */
  authorize(deps: DomainDeps, caller: Caller, input: z.infer<S>): Promise<A>;
  handle(input: z.infer<S>, ctx: ActionContext<A>): Promise<Record<string, unknown>>;
}

/** An action plus what the dispatcher derives from it once at start-up. */
export interface RegisteredAction extends ActionDefinition<z.ZodObject, unknown> {
  jsonSchema: JsonSchema;
}

/**
 * An action file declares its input schema as a function: it is built the first time it is needed (the action's
 * first call, the explorer, a test), not when the module loads — building every action's zod schema cost
 * ≈ 60 ms of each start. The getter keeps the one schema built.
 */
function withLazyInput<T extends object, S>(definition: T, input: () => S): T & { readonly input: S } {
  let built: S | undefined;
  return Object.defineProperty(definition, "input", { enumerable: true, get: () => (built ??= input()) }) as T & { readonly input: S };
}

/** An ess action: `Operator.UserId` must be a verified employee of the caller (or of the group's sub-enterprise in Agent). */
export function defineAction<S extends ActionInput>(definition: Omit<ActionDefinition<S>, "authorize" | "input"> & { input: () => S }): ActionDefinition<S> {
  const { input, ...rest } = definition;
  return withLazyInput(
    {
      ...rest,
      authorize: (deps: DomainDeps, caller: Caller, input: z.infer<S>) => {
        const { Operator, Agent } = input as { Operator: { UserId: string }; Agent?: { ProxyOrganizationId?: string } | null };
        return authorizeOperator(deps, caller.organizationId, Operator.UserId, Agent?.ProxyOrganizationId || undefined);
      },
    },
    input,
  );
}

/** An essbasic action: `Agent` must name the signing application, with the OpenIds the action `needs`. */
export function definePlatformAction<S extends PlatformActionInput>(
  definition: Omit<ActionDefinition<S, PlatformActing>, "authorize" | "input"> & { input: () => S; needs: { organization: boolean; operator: boolean } },
): ActionDefinition<S, PlatformActing> {
  const { needs, input, ...rest } = definition;
  return withLazyInput(
    {
      ...rest,
      authorize: (deps: DomainDeps, caller: Caller, input: z.infer<S>) => resolveAgent(deps, { applicationId: caller.applicationId ?? "" }, (input as { Agent: AgentInput }).Agent, needs),
    },
    input,
  );
}

/**
 * The JSON Schema of each action is derived when first asked for (a refused parameter's error code, the explorer,
 * the drift check), not at start: deriving all of them cost ≈ 5 % of a start's CPU.
 */
export function registerActions(definitions: ReadonlyArray<ActionDefinition<any, any>>): Map<string, RegisteredAction> {
  return new Map(
    definitions.map((d) => {
      let jsonSchema: JsonSchema | undefined;
      // Copied with its getters: spreading would build the lazy input schema now.
      const registered = Object.defineProperty(Object.defineProperties({}, Object.getOwnPropertyDescriptors(d)), "jsonSchema", {
        enumerable: true,
        get: () => (jsonSchema ??= z.toJSONSchema(d.input, { io: "input", unrepresentable: "any" }) as JsonSchema),
      }) as RegisteredAction;
      return [d.name, registered];
    }),
  );
}
