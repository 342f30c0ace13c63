import type { Db } from "../../../db/database.js";
import type { CallRow } from "../../../db/schema.js";
import { DomainError, invalid, invalidFields } from "../../../domain/errors.js";
import { callTimeProblems, readCallCsv, type CallInput, type FieldProblem } from "../../../domain/call-center/call-record.js";
import type { Actor } from "../../../http/auth.js";
import { writeAudit } from "../../audit/audit.repository.js";
import { existingTicketIds, findCallByExternalId, insertCalls, operatorIds, type NewCall } from "../call.repository.js";

/** A 400 naming every problem (the error handler shows the first in `field`, all in `fields`). */
function callInputError(problems: FieldProblem[]): DomainError {
  const shown = problems.slice(0, 5).map((p) => p.message).join("; ");
  return invalidFields(problems, problems.length > 5 ? `${shown} (and ${problems.length - 5} more)` : shown);
}

/**
 * Records one call from the telephone system (docs/CALL-CENTER.md "Call records"): idempotent by
 * `externalId` (a repeat answers with the stored call, `created: false`); times in order, a known
 * operator and ticket, else 400 naming the field. Audited in the same transaction.
 */
export async function recordCall(db: Db, actor: Actor, input: CallInput, now: Date): Promise<{ call: CallRow; created: boolean }> {
  const existing = await findCallByExternalId(db, input.externalId);
  if (existing) return { call: existing, created: false };
  const problems = callTimeProblems(input);
  if (input.answeredAt && !input.operator) problems.push({ field: "operator", message: "an answered call names its operator" });
  if (problems.length > 0) throw callInputError(problems);
  const operatorId = input.operator ? (await operatorIds(db, [input.operator])).get(input.operator) : undefined;
  if (input.operator && operatorId === undefined) throw invalid("operator", `no active user "${input.operator}"`);
  if (input.ticketId !== null && !(await existingTicketIds(db, [input.ticketId])).has(input.ticketId)) throw invalid("ticketId", "no such ticket");
  const row: NewCall = { ...input, operatorId: operatorId ?? null };
  const inserted = await db.transaction().execute(async (trx) => {
    const ids = await insertCalls(trx, [row], now);
    if (ids.length === 0) return null; // a concurrent request with the same externalId won
    await writeAudit(trx, { at: now, actorId: actor.id, action: "call.recorded", targetType: "call", targetId: ids[0]!, data: { externalId: input.externalId } });
    return ids[0]!;
  });
  const call = await findCallByExternalId(db, input.externalId);
  if (!call) throw new DomainError("CONFLICT", "the call could not be stored");
  return { call, created: inserted !== null };
}

/** The most rows one import file may carry. */
export const MAX_IMPORT_ROWS = 200_000;

/**
 * Imports a CSV of calls: every row is checked first (times, operator, ticket); any bad row → 400
 * naming each bad row and field, and nothing from the file is stored. Otherwise all rows go in one
 * transaction; rows whose externalId is already stored are skipped (a file may be sent twice).
 */
export async function importCalls(db: Db, actor: Actor, csv: string, now: Date): Promise<{ rows: number; imported: number; skipped: number }> {
  const { rows, problems } = readCallCsv(csv, MAX_IMPORT_ROWS);
  if (problems.length === 0 && rows.length === 0) problems.push({ field: "file", message: "the file has no calls" });
  const ops = await operatorIds(db, rows.flatMap((r) => (r.operator ? [r.operator] : [])));
  const tickets = await existingTicketIds(db, rows.flatMap((r) => (r.ticketId ? [r.ticketId] : [])));
  for (const r of rows) {
    if (r.operator && !ops.has(r.operator)) problems.push({ field: `rows.${r.row}.operator`, message: `row ${r.row}, operator: no active user "${r.operator}"` });
    if (r.ticketId && !tickets.has(r.ticketId)) problems.push({ field: `rows.${r.row}.ticketId`, message: `row ${r.row}, ticketId: no such ticket` });
  }
  if (problems.length > 0) throw callInputError(problems.sort((a, b) => rowOf(a.field) - rowOf(b.field)));
  const calls: NewCall[] = rows.map((r) => ({ ...r, operatorId: r.operator ? ops.get(r.operator)! : null }));
  const imported = await db.transaction().execute(async (trx) => {
    const ids = await insertCalls(trx, calls, now);
    await writeAudit(trx, { at: now, actorId: actor.id, action: "calls.imported", targetType: "call", data: { rows: rows.length, imported: ids.length } });
    return ids.length;
  });
  return { rows: rows.length, imported, skipped: rows.length - imported };
}

const rowOf = (field: string) => Number(/^rows\.(\d+)\./.exec(field)?.[1] ?? 0);
