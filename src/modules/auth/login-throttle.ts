/**
 * Login rate limit: after `maxFailures` failed logins for one username (or one client address) within
 * `windowMs`, further attempts are refused until the window passes. In memory, per server instance.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly maxFailures = 5,
    private readonly windowMs = 5 * 60_000,
  ) {}

  isBlocked(keys: readonly string[], now: number): boolean {
    return keys.some((k) => this.recent(k, now).length >= this.maxFailures);
  }

  recordFailure(keys: readonly string[], now: number): void {
    for (const k of keys) this.failures.set(k, [...this.recent(k, now), now]);
  }

  reset(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string, now: number): number[] {
    const list = (this.failures.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (list.length === 0) this.failures.delete(key);
    return list;
  }
}
