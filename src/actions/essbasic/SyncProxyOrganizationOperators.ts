import { z } from "zod";
import { MAX_OPERATORS_PER_SYNC, syncProxyOperators } from "../../domain/platforms/sync.ts";
import { definePlatformAction } from "../../protocol/action.ts";
import { describe, PlatformAgent } from "../../protocol/shapes.ts";

const ProxyOrganizationOperator = z.strictObject({
  Id: z.string().meta(describe("员工的 OpenId（本子客企业内唯一，最长64位）。", "The operator's OpenId (unique in the sub-enterprise, at most 64 characters).")),
  Name: z.string().optional().meta(describe("员工姓名。", "Name.")),
  IdCardType: z.enum(["ID_CARD", "HONGKONG_AND_MACAO", "HONGKONG_MACAO_AND_TAIWAN"]).optional().meta(describe("证件类型，默认 ID_CARD。", "Document type, ID_CARD by default.")),
  IdCardNumber: z.string().optional().meta(describe("证件号码。", "Document number.")),
  Mobile: z.string().optional().meta(describe("手机号（中国大陆11位）。", "Mainland mobile number (11 digits).")),
  DefaultRole: z.string().optional().meta(describe("预先分配的角色：admin 或 channel-normal-operator。", "Role to assign: admin or channel-normal-operator.")),
});

export const SyncProxyOrganizationOperators = definePlatformAction({
  name: "SyncProxyOrganizationOperators",
  description: describe("新增、修改或离职已激活子客企业的员工（经办人）。", "Creates, updates or resigns operators of an activated sub-enterprise.").descriptions,
  needs: { organization: true, operator: false },
  input: () => z.strictObject({
    Agent: PlatformAgent,
    OperatorType: z.enum(["CREATE", "UPDATE", "RESIGN"]).meta(describe("操作类型：CREATE、UPDATE、RESIGN。", "CREATE, UPDATE or RESIGN.")),
    // The count is checked by the domain, so the answer is the spec's LimitExceeded.ProxyOrganizationOperator.
    ProxyOrganizationOperators: z.array(ProxyOrganizationOperator).min(1).meta(describe(`员工信息列表，最多 ${MAX_OPERATORS_PER_SYNC} 个。`, `The operators, at most ${MAX_OPERATORS_PER_SYNC}.`)),
  }),
  async handle(input, { deps, acting }) {
    return syncProxyOperators(deps, acting, input.OperatorType, input.ProxyOrganizationOperators);
  },
});
