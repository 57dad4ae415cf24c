/** Valid identity values for test requests: credit codes and a resident ID number. */
import { idCardCheckChar } from "../../src/domain/identity/id-card.ts";
import { creditCodeCheckChar } from "../../src/domain/identity/credit-code.ts";

/** Checksum-valid credit codes the tests use by name (any valid code passes the sandbox registry). */
export const CREDIT_CODES = ["9144030071526726XG", "91110108772551611J", "9131000063159284XQ"] as const;

/**
 * The checksum-valid code `n` (distinct n, distinct code) after `first8`: the registration authority, type and
 * region (`12100000` a government body).
 */
export function mintCreditCode(n: number, first8 = "91440300"): string {
  const body = `${first8}${String(n).padStart(9, "0")}`;
  return body + creditCodeCheckChar(body)!;
}

let minted = 0;
/** A checksum-valid code no other call in this process answered (apart from mintCreditCode's, by its `MA`). */
export function freshCreditCode(first8 = "91440300"): string {
  const body = `${first8}MA${String(++minted).padStart(7, "0")}`;
  return body + creditCodeCheckChar(body)!;
}

/** A valid resident ID number (checksum X), the admin's or legal representative's in most tests. */
export const ID_NUMBER = "11010519491231002X";

/** A valid Hong Kong/Macao/Taiwan residence permit number (810000…, checksum computed). */
export const PERMIT_NUMBER = ((first17: string) => first17 + idCardCheckChar(first17))("81000019900101001");
