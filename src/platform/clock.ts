/** The only source of time: tests pass a fixed or manual clock, the sandbox may advance it. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that stands still until told to move; `offset` lets a running server advance virtual time. */
export class ManualClock implements Clock {
  constructor(private current: number) {}
  now(): number {
    return this.current;
  }
  set(ms: number): void {
    this.current = ms;
  }
  advance(ms: number): void {
    this.current += ms;
  }
}

export const unixSeconds = (clock: Clock): number => Math.floor(clock.now() / 1000);
