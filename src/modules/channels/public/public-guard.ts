import { createHash, randomBytes } from "node:crypto";
import svgCaptcha from "svg-captcha";
import { sql } from "kysely";
import type { Db } from "../../../db/database.js";
import { DomainError } from "../../../domain/errors.js";
import { shanghaiDate } from "../../../domain/calendar/calendar.js";

/**
 * Abuse control of the citizen form beyond the per-address rate limit: after HUYING_PUBLIC_CAPTCHA_AFTER
 * submissions from one address in a day (Asia/Shanghai), each submission needs an image captcha
 * (svg-captcha). Counters and captchas live in the database, so every instance sees them; the address is
 * stored as a hash, a captcha's answer too, and a captcha works once, for 5 minutes.
 */
const CAPTCHA_TTL_MS = 5 * 60_000;
const sha = (s: string) => createHash("sha256").update(s).digest("hex");
export const clientHash = (ip: string) => sha(`huying-client:${ip}`);

export async function newCaptcha(db: Db, now: Date): Promise<{ id: string; svg: string; answer: string }> {
  const c = svgCaptcha.create({ size: 4, noise: 2, ignoreChars: "0o1ilI", color: false, width: 120, height: 44 });
  const id = randomBytes(16).toString("base64url");
  await db.deleteFrom("public_captchas").where("expires_at", "<", now).execute();
  await db.insertInto("public_captchas").values({ id, answer_hash: sha(c.text.toLowerCase()), expires_at: new Date(now.getTime() + CAPTCHA_TTL_MS) }).execute();
  return { id, svg: c.data, answer: c.text };
}

/** Counts this submission; throws CAPTCHA_REQUIRED / CAPTCHA_INVALID past the day's free ones. In the caller's transaction. */
export async function admitSubmission(trx: Db, ip: string, now: Date, freePerDay: number, captcha: { id?: string; answer?: string }): Promise<void> {
  const day = shanghaiDate(now);
  const row = await sql<{ count: number }>`
    INSERT INTO public_submissions (client_hash, day, count) VALUES (${clientHash(ip)}, ${day}, 1)
    ON CONFLICT (client_hash, day) DO UPDATE SET count = public_submissions.count + 1
    RETURNING count`.execute(trx);
  const count = Number(row.rows[0]?.count ?? 1);
  if (count <= freePerDay) return;
  if (!captcha.id || !captcha.answer) throw new DomainError("CAPTCHA_REQUIRED", "too many submissions from this address today: solve the captcha (GET /api/public/captcha)");
  const used = await trx
    .deleteFrom("public_captchas")
    .where("id", "=", captcha.id)
    .where("answer_hash", "=", sha(captcha.answer.trim().toLowerCase()))
    .where("expires_at", ">", now)
    .executeTakeFirst();
  if (Number(used.numDeletedRows) !== 1) throw new DomainError("CAPTCHA_INVALID", "the captcha answer is wrong or has expired");
}
