/**
 * Time is injected everywhere: the domain never calls Date.now(). The server uses the system clock,
 * or, with HUYING_TEST_CLOCK=1, a settable clock (docs/API.md "Test clock").
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that stands still until set; tests and the test-clock endpoint drive it. */
export class SettableClock implements Clock {
  private current: number;

  constructor(start: Date = new Date()) {
    this.current = start.getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  set(at: Date): void {
    this.current = at.getTime();
  }

  advance(ms: number): void {
    this.current += ms;
  }
}
