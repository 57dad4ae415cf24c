/** The shape of the error catalogue's declarations (src/domain/errors.ts merges them into one closed list). */

export interface LocalizedText {
  zh: string;
  en: string;
}

/**
 * One error code essd answers: the HTTP status the control API and the pages use for it (the API answers every
 * error with 200 and the code in the envelope), when it is answered (quoted by docs/compatibility.md), and its
 * messages, each a template in both languages over typed parameters. A code may have several messages (one per
 * situation); each message's name is what call sites throw, e.g. `errors.linkExpired({ expiredAt })`.
 */
export interface CodeDeclaration {
  status: number;
  when: string;
  messages: Record<string, (params: never) => LocalizedText>;
}

export type CodeDeclarations = Record<string, CodeDeclaration>;

/** A parameter's name and why its value was refused, in both languages: the API's wording for parameter errors. */
export interface ParameterProblem {
  name: string;
  why: LocalizedText;
}

/** Why a flow refused a step, and where it stands: the flow machine's wording, whatever the code. */
export interface FlowRefusal {
  flowId: string;
  step: LocalizedText;
  why: LocalizedText;
  status: string;
  state: string;
}

export const flowRefusal = (p: FlowRefusal): LocalizedText => ({
  zh: `认证流 ${p.flowId} 不能${p.step.zh}：${p.why.zh}（当前状态 ${p.status}/${p.state}）。`,
  en: `Flow ${p.flowId} cannot ${p.step.en}: ${p.why.en} (now ${p.status}/${p.state}).`,
});
