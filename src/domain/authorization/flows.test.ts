/** The flow service's rules beyond the pure machine: here, how many wrong transfer amounts a flow takes. */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { startEssd, type Harness } from "../../../test/support/harness.ts";
import { controlCall } from "../../../test/support/control-request.ts";
import { EssError } from "../errors.ts";
import { applyFlowEvent, MAX_WRONG_AMOUNTS } from "./flows.ts";
import { processedFlow } from "../../../test/support/review-flows.ts";

describe("the bank step of AuthorizationTypes 5", () => {
  let h: Harness;
  before(async () => {
    h = await startEssd();
  });
  after(async () => {
    await h?.close();
  });

  async function confirmedFlow(confirm = true): Promise<string> {
    const { flowId } = await processedFlow(h, h.tenant, "打款限次科技有限公司", { authorizationTypes: [5], creditCode: "9131000063159284XQ" });
    if (confirm) assert.equal((await controlCall(h.url, h.tenant, "POST", `flows/${flowId}/confirm`)).status, 200);
    return flowId;
  }

  it(`takes ${MAX_WRONG_AMOUNTS} wrong amounts, then refuses even the right one`, async () => {
    const flowId = await confirmedFlow();
    const { json: view } = await controlCall(h.url, h.tenant, "GET", `flows/${flowId}`);
    const right: string = view.bankTransferAmount;
    const wrong = right === "0.99" ? "0.98" : "0.99";
    for (let i = 0; i < MAX_WRONG_AMOUNTS; i++) {
      const answer = await controlCall(h.url, h.tenant, "POST", `flows/${flowId}/bank-amount`, { amount: wrong });
      assert.equal(answer.json.Error.Code, "InvalidParameterValue", `wrong amount ${i + 1}`);
    }
    const refused = await controlCall(h.url, h.tenant, "POST", `flows/${flowId}/bank-amount`, { amount: right });
    assert.equal(refused.json.Error.Code, "LimitExceeded");
    assert.match(refused.json.Error.Message, /连续填错 5 次/);
    const after = await controlCall(h.url, h.tenant, "GET", `flows/${flowId}`);
    assert.equal(after.json.nextSteps.includes("bank-amount"), true, "the machine alone would still accept it: the limit is the service's");
  });

  it("a right amount after a wrong one is accepted", async () => {
    const flowId = await confirmedFlow();
    const { json: view } = await controlCall(h.url, h.tenant, "GET", `flows/${flowId}`);
    const wrong = view.bankTransferAmount === "0.99" ? "0.98" : "0.99";
    assert.equal((await controlCall(h.url, h.tenant, "POST", `flows/${flowId}/bank-amount`, { amount: wrong })).json.Error.Code, "InvalidParameterValue");
    const accepted = await controlCall(h.url, h.tenant, "POST", `flows/${flowId}/bank-amount`, { amount: view.bankTransferAmount });
    assert.equal(accepted.status, 200, JSON.stringify(accepted.json));
    assert.match(view.bankTransferAmount, /^0\.\d\d$/);
  });

  it(`compares at most ${MAX_WRONG_AMOUNTS} of many wrong amounts sent at once`, async () => {
    const flowId = await confirmedFlow();
    const { json: view } = await controlCall(h.url, h.tenant, "GET", `flows/${flowId}`);
    const wrongAmounts = Array.from({ length: 99 }, (_, i) => `0.${String(i + 1).padStart(2, "0")}`).filter((a) => a !== view.bankTransferAmount);
    const outcomes = await Promise.all(
      wrongAmounts.map((amount) =>
        applyFlowEvent(h.domain, h.tenant.OrganizationId, flowId, { type: "bank-amount", amount }).then(
          () => "accepted",
          (error: unknown) => (error instanceof EssError ? error.code : String(error)),
        ),
      ),
    );
    const count = (code: string) => outcomes.filter((o) => o === code).length;
    assert.deepEqual([count("InvalidParameterValue"), count("LimitExceeded")], [MAX_WRONG_AMOUNTS, wrongAmounts.length - MAX_WRONG_AMOUNTS], JSON.stringify(outcomes));
    const refused = await controlCall(h.url, h.tenant, "POST", `flows/${flowId}/bank-amount`, { amount: view.bankTransferAmount });
    assert.equal(refused.json.Error.Code, "LimitExceeded", "the right amount comes too late");
  });

  it("a refusal that never compared the amount (details not confirmed) uses up no guess", async () => {
    const flowId = await confirmedFlow(false);
    for (let i = 0; i < MAX_WRONG_AMOUNTS + 2; i++) {
      const early = await controlCall(h.url, h.tenant, "POST", `flows/${flowId}/bank-amount`, { amount: "0.50" });
      assert.equal(early.json.Error.Code, "OperationDenied.IllegalTransition");
    }
    assert.equal((await controlCall(h.url, h.tenant, "POST", `flows/${flowId}/confirm`)).status, 200);
    const { json: view } = await controlCall(h.url, h.tenant, "GET", `flows/${flowId}`);
    const accepted = await controlCall(h.url, h.tenant, "POST", `flows/${flowId}/bank-amount`, { amount: view.bankTransferAmount });
    assert.equal(accepted.status, 200, JSON.stringify(accepted.json));
  });
});
