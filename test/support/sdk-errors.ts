import assert from "node:assert/strict";

/** What the official Node SDK throws for a `Response.Error` (TencentCloudSDKHttpException). */
export interface SdkError extends Error {
  code?: string;
  requestId: string;
  traceId: string;
}

/** Awaits a call that must fail and checks the code and the parts of the message that name the fault. */
export async function expectSdkError(call: Promise<unknown>, code: string, ...mentions: string[]): Promise<SdkError> {
  let error: SdkError | undefined;
  try {
    await call;
  } catch (e) {
    error = e as SdkError;
  }
  assert.ok(error, `expected ${code}, but the call succeeded`);
  assert.equal(error.code, code, `message: ${error.message}`);
  for (const m of mentions) assert.ok(error.message.includes(m), `message should mention ${JSON.stringify(m)}: ${error.message}`);
  assert.match(error.requestId, /^\S{8,}$/, "the error carries the server's RequestId");
  return error;
}
