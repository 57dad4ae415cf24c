import { z } from "zod";

/**
 * The ids essd hands out for ESS resources (tasks, sub-tasks, authorization flows, organizations, employees) are
 * 32 letters or digits (`yD…` by default; the prefix is not required, as official examples use 32-hex ids too).
 * A value of another shape names nothing that can exist, so it is refused before any lookup.
 */
export const ESS_ID = /^[0-9A-Za-z]{32}$/;

/** An optional id where the SDKs may send "" for "not set" (the action treats "" as absent). */
export const ESS_ID_OR_EMPTY = /^(?:[0-9A-Za-z]{32})?$/;

/** The id an integrator's system gives an employee (the OpenId binding actions): 1–64 ASCII letters and digits. */
export const CLIENT_OPEN_ID = /^[A-Za-z0-9]{1,64}$/;

/** Why a value that fails one of these patterns was refused, in both languages (src/protocol/validate.ts). */
export const PATTERN_EXPLANATIONS: ReadonlyMap<string, { zh: string; en: string }> = new Map([
  [String(ESS_ID), { zh: "应为32位字母或数字的电子签编号。", en: "must be an ESS id of 32 letters or digits." }],
  [String(ESS_ID_OR_EMPTY), { zh: "应为32位字母或数字的电子签编号。", en: "must be an ESS id of 32 letters or digits." }],
  [String(CLIENT_OPEN_ID), { zh: "应为1到64位字母或数字。", en: "must be 1 to 64 letters or digits." }],
]);

// shapes.ts builds on this file (Agent.ProxyOrganizationId), so the description helper is repeated here.
const describe = (zh: string, en: string) => ({ description: zh, descriptions: { zh, en } });

/** A required ESS id (or an element of an id list). */
export const essId = (zh: string, en: string) => z.string().regex(ESS_ID).meta(describe(zh, en));

/** An optional ESS id; "" counts as not given. */
export const optionalEssId = (zh: string, en: string) => z.string().regex(ESS_ID_OR_EMPTY).optional().meta(describe(zh, en));
