import { LruMap } from "../../http/lru-map.js";

/** Failed logins of one account or one address inside the window. */
interface Counter {
  failures: number;
  last: number;
}

export interface ThrottleSettings {
  /** Failures of one account before each further attempt must wait. */
  accountFree: number;
  /** The account's wait never grows past this: the real user is slowed, never locked out. */
  accountMaxDelayMs: number;
  /** Failures from one address before each further attempt from it must wait. */
  addressFree: number;
  addressMaxDelayMs: number;
  /** A counter with no failure for this long is forgotten. */
  windowMs: number;
  /** How long a successful login from an address lets that address past the account's wait. */
  trustedMs: number;
  /** Cap of each in-memory table (accounts, addresses, trusted pairs): oldest out first. */
  maxEntries: number;
}

export const DEFAULT_THROTTLE: ThrottleSettings = {
  accountFree: 5,
  accountMaxDelayMs: 30_000,
  addressFree: 10,
  addressMaxDelayMs: 15 * 60_000,
  windowMs: 15 * 60_000,
  trustedMs: 30 * 24 * 3_600_000,
  maxEntries: 10_000,
};

/** What a failure did to the counters (the login route decides from it whether to audit the attempt). */
export interface FailureCounts {
  account: number;
  address: number;
}

/**
 * Login slow-down, per account and per client address, in memory per instance (docs/SECURITY.md "Login
 * protection"). After `free` failures each further attempt must wait 1 s, 2 s, 4 s, … since the last failure:
 * up to 30 s for an account, so an attacker never locks the real user out for long, and up to 15 min for an
 * address, which is what stops a guesser. An address that logged in to the account successfully (within
 * `trustedMs`) is not held back by the account's wait at all. Attempts that are refused with 429 are not
 * verified and do not count. Every table is an LRU with a size cap, so a flood of made-up usernames or
 * addresses cannot grow the memory.
 */
export class LoginThrottle {
  private readonly accounts: LruMap<string, Counter>;
  private readonly addresses: LruMap<string, Counter>;
  private readonly trusted: LruMap<string, number>;

  constructor(private readonly s: ThrottleSettings = DEFAULT_THROTTLE) {
    this.accounts = new LruMap(s.maxEntries);
    this.addresses = new LruMap(s.maxEntries);
    this.trusted = new LruMap(s.maxEntries);
  }

  /** Milliseconds the attempt must still wait (0: go ahead). */
  waitMs(username: string, address: string, now: number): number {
    const account = accountKey(username);
    const byAddress = this.wait(this.addresses, address, this.s.addressFree, this.s.addressMaxDelayMs, now);
    const trustedAt = this.trusted.get(`${account}\n${address}`);
    const isTrusted = trustedAt !== undefined && now - trustedAt < this.s.trustedMs;
    const byAccount = isTrusted ? 0 : this.wait(this.accounts, account, this.s.accountFree, this.s.accountMaxDelayMs, now);
    return Math.max(byAddress, byAccount);
  }

  recordFailure(username: string, address: string, now: number): FailureCounts {
    return { account: this.bump(this.accounts, accountKey(username), now), address: this.bump(this.addresses, address, now) };
  }

  /** A correct password: this address may pass the account's wait from now on. Counters decay on their own. */
  recordSuccess(username: string, address: string, now: number): void {
    this.trusted.set(`${accountKey(username)}\n${address}`, now);
  }

  /** Entries held, all tables together (the memory bound is 3 × maxEntries). */
  get size(): number {
    return this.accounts.size + this.addresses.size + this.trusted.size;
  }

  private current(table: LruMap<string, Counter>, key: string, now: number): Counter | undefined {
    const c = table.get(key);
    if (c && now - c.last >= this.s.windowMs) {
      table.delete(key);
      return undefined;
    }
    return c;
  }

  private wait(table: LruMap<string, Counter>, key: string, free: number, maxMs: number, now: number): number {
    const c = this.current(table, key, now);
    if (!c || c.failures < free) return 0;
    const delay = Math.min(maxMs, 1000 * 2 ** Math.min(30, c.failures - free));
    return Math.max(0, c.last + delay - now);
  }

  private bump(table: LruMap<string, Counter>, key: string, now: number): number {
    const failures = (this.current(table, key, now)?.failures ?? 0) + 1;
    table.set(key, { failures, last: now });
    return failures;
  }
}

/** Usernames are throttled case-insensitively, so "Admin" and "admin" share one counter. */
const accountKey = (username: string) => username.trim().toLowerCase();
