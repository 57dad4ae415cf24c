/** Mainland mobile numbers: 11 digits starting 13–19, no +86 (reference §9.5). */
export const isMainlandMobile = (value: string): boolean => /^1[3-9]\d{9}$/.test(value);

/**
 * A person's name as ESS accepts it: Chinese characters, Latin letters, the middle dot and inner spaces;
 * brackets, digits and other symbols are refused (the official example rejects `张三（广东）`).
 */
export const isPersonName = (value: string): boolean =>
  /^[\p{Script=Han}A-Za-z][\p{Script=Han}A-Za-z·• .'-]{0,48}[\p{Script=Han}A-Za-z.]?$/u.test(value) && !/\s{2,}/.test(value);

export const isEmail = (value: string): boolean => /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/.test(value) && value.length <= 254;

/** The calendar day in Beijing (UTC+8, no DST), which is when ESS daily quotas reset. */
export function beijingDay(epochMs: number): { day: string; endsAt: number } {
  const shifted = new Date(epochMs + 8 * 3600_000);
  const day = shifted.toISOString().slice(0, 10);
  const endsAt = Date.parse(`${day}T00:00:00Z`) - 8 * 3600_000 + 86_400_000;
  return { day, endsAt };
}

/** Beijing time to the minute, as a phone in China shows it: `2026-03-02 10:05`. */
export function beijingTime(epochMs: number): string {
  return beijingTimestamp(epochMs).slice(0, 16);
}

/** Beijing time to the second, as the ThirdPartyApp callbacks' OperateTime carries it: `2022-07-04 19:05:09`. */
export function beijingTimestamp(epochMs: number): string {
  return new Date(epochMs + 8 * 3600_000).toISOString().slice(0, 19).replace("T", " ");
}
