import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";

/** Admits or refuses one call under a key; a Redis-backed implementation can share the budget across nodes. */
export interface RateLimiter {
  readonly perSecond: number;
  tryConsume(key: string): Promise<boolean>;
}

export function memoryRateLimiter(perSecond: number): RateLimiter {
  const limiter = new RateLimiterMemory({ points: perSecond, duration: 1 });
  return {
    perSecond,
    async tryConsume(key) {
      try {
        await limiter.consume(key);
        return true;
      } catch (error) {
        if (error instanceof RateLimiterRes) return false;
        throw error;
      }
    },
  };
}
