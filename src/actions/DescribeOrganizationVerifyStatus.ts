import { z } from "zod";
import { defineAction } from "../protocol/action.ts";
import { Agent, describe, UserInfo } from "../protocol/shapes.ts";

/** The spec's values: 0 not verified, 1 verification in progress, 2 verified. */
const VERIFIED = 2;

export const DescribeOrganizationVerifyStatus = defineAction({
  name: "DescribeOrganizationVerifyStatus",
  description: describe(
    "查询本企业（或集团代理的子企业）自身的认证状态：0 未认证、1 认证中、2 已认证。",
    "Gets the verification state of the calling organization itself (or the sub-enterprise its group acts for): 0 not verified, 1 in progress, 2 verified.",
  ).descriptions,
  input: () => z.strictObject({ Operator: UserInfo, Agent }),
  // essd stores an organization only once its verification (认证) succeeded — an enterprise still being verified is
  // an authorization flow, not an organization — so whatever the Operator check let through is verified; 0 and 1
  // belong to enterprises that have no key and no employee to call with.
  async handle() {
    return { VerifyStatus: VERIFIED };
  },
});
