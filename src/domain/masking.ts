import { perOwner } from "../platform/per-owner.ts";

/** `13200000000` → `132****0000`, as ESS shows mobiles in its answers (reference §8). */
export function maskMobile(mobile: string): string {
  return mobile.length < 8 ? "*".repeat(mobile.length) : `${mobile.slice(0, 3)}****${mobile.slice(-4)}`;
}

/** `典子谦` → `典*谦`, `张三` → `张*`: every character but the first and (for 3+) the last is hidden. */
export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return name;
  if (chars.length === 2) return `${chars[0]}*`;
  return chars[0] + "*".repeat(chars.length - 2) + chars[chars.length - 1];
}

/** `9144030071526726XG` → `9144**********26XG`: enough to recognise an enterprise, shown before anyone signed in. */
export function maskCreditCode(code: string): string {
  return code.length > 8 ? `${code.slice(0, 4)}${"*".repeat(code.length - 8)}${code.slice(-4)}` : code;
}

// Opening a sealed mobile costs an AES-GCM decipher (≈ 5 % of a DescribeOrganizationAuthStatus call), and a sealed
// value never changes its plaintext: the masked form is remembered per box (a box that cannot open a value still
// refuses it) and sealed value. Only the masked form is kept, never the mobile; bounded, emptied when full.
const maskedBySealed = perOwner<object, string, string>(10_000);

/** `maskMobile(box.open(sealed))`, opened once per sealed value. */
export function maskSealedMobile(box: { open(sealed: string): string }, sealed: string): string {
  return maskedBySealed(box, sealed, () => maskMobile(box.open(sealed)));
}
