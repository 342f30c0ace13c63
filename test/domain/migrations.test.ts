import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { MIGRATIONS } from "../../src/db/migrate.js";

/**
 * Released migrations are frozen: a database in the field has already run them, so an edit would leave
 * it with a schema no fresh database has. Each released migration's SQL is pinned here by its hash; a
 * change needs a new migration instead. A new migration adds its line here once it is released.
 * (0001 was edited once before the first release; 0002, 0009–0012, 0017 and the gaps of wave 2 (0023–0029,
 * 0032–0034, …: each engineer had a block of numbers) were never used: docs/DECISIONS.md.)
 */
const RELEASED: Record<string, string> = {
  "0001-initial": "fdda957c56b2c6b9",
  "0003-appraisal-entries": "b7fc43d83d141315",
  "0004-ticket-texts": "72945adcb5e034cb",
  "0005-next-due-keyset": "cb4f6c4f371c6c17",
  "0006-ticket-number-sequences": "925ed647c948e853",
  "0007-ticket-text-statistics": "0ad0d10f79885957",
  "0008-list-indexes": "3b82ac64cbd89c06",
  // Wave 2's foundation and hardening (0009–0012 and 0017 were reserved by parallel work and never used).
  "0013-outbox": "4792e8f72b4ce5d5",
  "0014-api-keys": "9c965f851c2676e8",
  "0015-audit-chain": "afb77ced6e3e2884",
  "0016-data-lifecycle": "96756e021dbf8862",
  "0018-policy-at-once-minutes": "af1847cfc9903c7b",
  "0019-idempotency-hash": "6796a380853bee58",
  "0020-must-change-password": "bd3563407d47ffa1",
  "0021-review-requests": "66d195b0a6634238",
  "0022-ticket-repeats": "bfc0327aba9c674b",
  "0030-supervision": "28a24be3fddaaeec",
  "0031-supervision-indexes": "b506ef11c9c684c5",
  "0035-knowledge": "d4e67fc5534a49e4",
  "0040-suggestions": "bd602205cef66434",
  "0045-channels": "ca88d83ca69d2aad",
  "0050-call-center": "0743ce6a9732f8a3",
  "0055-workday-co-units-desk": "e2ea765cb4131c11",
  "0060-org-active": "3d52e3e5ba9f377f",
  "0061-person-point-entries": "49023570c5e74b5f",
  "0065-monthly-partitions": "be68cd25f2615ca5",
  "0071-co-unit-deadline-marks": "a40b9e6274da200a",
  "0072-special-report-indexes": "e726daab9941e9da",
  "0073-knowledge-impact": "7630bb556ce59b73",
};

const hash = (sql: string): string => createHash("sha256").update(sql).digest("hex").slice(0, 16);

describe("migrations", () => {
  it("no released migration has been edited", () => {
    const edited = MIGRATIONS.filter((m) => m.name in RELEASED && RELEASED[m.name] !== hash(m.sql)).map((m) => m.name);
    expect(edited).toEqual([]);
  });

  it("every released migration is still in the list, in order, and new ones come after them", () => {
    const names = MIGRATIONS.map((m) => m.name);
    const released = Object.keys(RELEASED);
    expect(names.slice(0, released.length)).toEqual(released);
  });

  it("names are unique and ascending, so the order of the list is the order of the numbers", () => {
    const names = MIGRATIONS.map((m) => m.name);
    expect(new Set(names).size).toBe(names.length);
    expect([...names].sort()).toEqual(names);
  });
});
