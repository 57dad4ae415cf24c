import { RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";

/** Admits or refuses one call under a key; a Redis-backed implementation can share the budget across nodes. */
export interface RateLimiter {
  readonly perSecond: number;
  tryConsume(key: string): Promise<boolean>;
}

export function memoryRateLimiter(perSecond: number): RateLimiter {
  return admitting(new RateLimiterMemory({ points: perSecond, duration: 1 }), perSecond);
}

/** rate-limiter-flexible refuses by rejecting with a RateLimiterRes; anything else it rejects with is a failure. */
function admitting(limiter: RateLimiterAbstract, perSecond: number): RateLimiter {
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

/**
 * One budget shared by every node through Redis. Should Redis fail, each node falls back to its own memory
 * limiter (rate-limiter-flexible's insurance limiter) instead of refusing or admitting everything.
 */
export function redisRateLimiter(redis: import("ioredis").Redis, perSecond: number, prefix = "essd"): RateLimiter {
  const limiter = new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: `${prefix}:rl`,
    points: perSecond,
    duration: 1,
    insuranceLimiter: new RateLimiterMemory({ points: perSecond, duration: 1 }),
  });
  return admitting(limiter, perSecond);
}
