import type { Actor } from "../../http/auth.js";

/** A live session as the auth hook needs it: who, and until when. */
export interface LiveSession {
  actor: Actor;
  expiresAt: Date;
}

interface Entry {
  actor: Actor;
  /** Epoch milliseconds after which the entry is not used: the TTL, capped by the session's expiry. */
  until: number;
}

/**
 * The auth hook's per-instance memory of live sessions (token hash → actor), so an authenticated request
 * does not pay a database round trip for its session. An entry lives `ttlMs` at most and never past the
 * session's own `expires_at`; a missing, expired or revoked token is never remembered. Logout and user
 * changes on this instance forget the entries at once (`forgetToken`, `forgetUser`); on another
 * instance they apply within `ttlMs` (docs/DECISIONS.md "Sessions"). `ttlMs = 0` turns the cache off.
 */
export class SessionCache {
  private readonly entries = new Map<string, Entry>();
  /** Bumped by every forget, so a lookup that raced with one does not store what it read before it. */
  private epoch = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  /**
   * The actor of a live session: from memory, or from `load` (the database), remembered when live.
   * `now` is real time (sessions ignore the test clock).
   */
  async actor(tokenHash: string, now: Date, load: () => Promise<LiveSession | null>): Promise<Actor | null> {
    const at = now.getTime();
    const hit = this.entries.get(tokenHash);
    if (hit) {
      if (at < hit.until) return hit.actor;
      this.entries.delete(tokenHash);
    }
    const epoch = this.epoch;
    const session = await load();
    if (!session) return null;
    // Frozen: one cached object is shared by every request of the session.
    const actor = Object.freeze({ ...session.actor, roles: Object.freeze([...session.actor.roles]) as Actor["roles"] });
    if (this.ttlMs > 0 && epoch === this.epoch) this.remember(tokenHash, actor, session.expiresAt.getTime(), at);
    return actor;
  }

  /** After a logout: the token is refused from now on. */
  forgetToken(tokenHash: string): void {
    this.epoch++;
    this.entries.delete(tokenHash);
  }

  /** After a user's roles, unit, name, password or active flag changed: every token of theirs is read again. */
  forgetUser(userId: number): void {
    this.epoch++;
    for (const [tokenHash, entry] of this.entries) if (entry.actor.id === userId) this.entries.delete(tokenHash);
  }

  get size(): number {
    return this.entries.size;
  }

  private remember(tokenHash: string, actor: Actor, expiresAt: number, at: number): void {
    const until = Math.min(at + this.ttlMs, expiresAt);
    if (until <= at) return;
    // Oldest out first: the Map keeps insertion order, and an entry is re-inserted when it is reloaded.
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(tokenHash, { actor, until });
  }
}
