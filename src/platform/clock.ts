/** The only source of time: tests pass a fixed or manual clock, the sandbox may advance it. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

/** A clock the sandbox control API may move forward (`POST /_essd/clock/advance`). */
export interface AdvanceableClock extends Clock {
  advance(ms: number): void;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that stands still until told to move; `offset` lets a running server advance virtual time. */
export class ManualClock implements AdvanceableClock {
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

/**
 * Real time plus an offset that only grows: what `essd serve` runs on in sandbox mode, so an integrator can
 * make links expire without waiting a week. Time never goes back, so nothing stored can end up "in the future".
 */
export class SandboxClock implements AdvanceableClock {
  private offsetMs = 0;
  constructor(private readonly real: Clock = systemClock) {}
  now(): number {
    return this.real.now() + this.offsetMs;
  }
  /** Time as the callers' own clocks see it: request signatures are dated with it, not with the advanced time. */
  wallNow(): number {
    return this.real.now();
  }
  get offset(): number {
    return this.offsetMs;
  }
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError("a sandbox clock only moves forward");
    this.offsetMs += ms;
  }
  /** Takes on an offset another node (or an earlier run) reached; never moves back. */
  catchUp(offsetMs: number): void {
    if (Number.isFinite(offsetMs) && offsetMs > this.offsetMs) this.offsetMs = offsetMs;
  }
}

export const isAdvanceable = (clock: Clock): clock is AdvanceableClock => typeof (clock as Partial<AdvanceableClock>).advance === "function";

export const unixSeconds = (clock: Clock): number => Math.floor(clock.now() / 1000);

/**
 * The time a request's signature timestamp is compared with. Callers sign with their real clocks, so an
 * advanced sandbox clock must not make every call `SignatureExpire`; a manual (test) clock is used as is.
 */
export const signatureSeconds = (clock: Clock): number => Math.floor((clock instanceof SandboxClock ? clock.wallNow() : clock.now()) / 1000);
