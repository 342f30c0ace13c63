import { DomainError, invalid } from "../../domain/errors.js";
import type { Db } from "../../db/database.js";
import type { Actor } from "../../http/auth.js";
import { LruMap } from "../../http/lru-map.js";
import { writeAudit } from "../audit/audit.repository.js";
import { maySeePhone } from "./ticket.policy.js";
import { maskPhone } from "./ticket.presenter.js";

/** A phone number as intake accepts it (ticket.schemas.ts): no wildcards, so only a whole number can match. */
const WHOLE_NUMBER = /^[0-9+\-() ]{3,30}$/;

export interface PhoneSearchSettings {
  /** Searches one user may make inside the window (an operator looks up a caller or two a minute). */
  perWindow: number;
  windowMs: number;
}

export const DEFAULT_PHONE_SEARCH: PhoneSearchSettings = { perWindow: 30, windowMs: 10 * 60_000 };

/**
 * The ticket list's `phone=` filter is a way to read phone numbers (issue 12 item 2: a viewer recovered the
 * four masked digits in 8,772 requests). So: only roles that see phones unmasked may search by phone (the
 * presenter's rule, `maySeePhone`), others get 403; the number must be whole (equality, no wildcards); each
 * user may search `perWindow` times per window (429 with Retry-After beyond it); every search is audited.
 * In memory per instance, at most `maxUsers` users remembered.
 */
export class PhoneSearchGuard {
  private readonly recent: LruMap<number, number[]>;

  constructor(
    private readonly s: PhoneSearchSettings = DEFAULT_PHONE_SEARCH,
    maxUsers = 10_000,
  ) {
    this.recent = new LruMap(maxUsers);
  }

  /** 403 before 400 before 429; returns when the search may run (and counts it). */
  admit(actor: Actor, phone: string, now: number): { retryAfterS?: number } {
    if (!maySeePhone(actor)) throw new DomainError("FORBIDDEN", "searching by phone needs a role that sees phone numbers");
    if (!WHOLE_NUMBER.test(phone)) throw invalid("phone", "give a whole phone number (digits, + - ( ) and spaces)");
    const times = (this.recent.get(actor.id) ?? []).filter((t) => now - t < this.s.windowMs);
    if (times.length >= this.s.perWindow) {
      return { retryAfterS: Math.max(1, Math.ceil((times[0]! + this.s.windowMs - now) / 1000)) };
    }
    times.push(now);
    this.recent.set(actor.id, times);
    return {};
  }

  /** One audit row per search: who, the number as the masked form (the log must not hold it either), how many matched. */
  async audit(db: Db, actor: Actor, phone: string, matches: number, at: Date): Promise<void> {
    await writeAudit(db, { at, actorId: actor.id, action: "tickets.phone_searched", targetType: "tickets", data: { phone: maskPhone(phone), matches } });
  }
}
