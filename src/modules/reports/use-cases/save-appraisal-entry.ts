import type { AppContext } from "../../../app-context.js";
import { invalid, notFound } from "../../../domain/errors.js";
import type { Actor } from "../../../http/auth.js";
import { writeAudit } from "../../audit/audit.repository.js";
import { type AppraisalEntryKind, deleteEntry, insertEntry, PERSON_ENTRY_KINDS } from "../appraisal-entries.repository.js";
import { requireAppraisalEditor } from "../report.policy.js";

type Deps = Pick<AppContext, "db" | "clock">;

export interface EntryInput {
  month: string;
  unitId: number;
  kind: AppraisalEntryKind;
  count: number;
  ticketId?: number;
  note?: string;
}

/** The center enters a supervision deduction or another appraisal item of a unit's month (rule 35), audited. */
export async function saveAppraisalEntry(deps: Deps, actor: Actor, input: EntryInput) {
  requireAppraisalEditor(actor);
  return deps.db.transaction().execute(async (trx) => {
    const unit = await trx.selectFrom("units").select(["id", "kind"]).where("id", "=", input.unitId).executeTakeFirst();
    if (!unit) throw invalid("unitId", `no unit ${input.unitId}`);
    if (unit.kind !== "town" && unit.kind !== "department") throw invalid("unitId", "only towns and departments are appraised");
    if (PERSON_ENTRY_KINDS.includes(input.kind) && input.ticketId === undefined) throw invalid("ticketId", "a person-points deduction names the ticket");
    if (input.ticketId !== undefined) {
      const ticket = await trx.selectFrom("tickets").select("id").where("id", "=", input.ticketId).executeTakeFirst();
      if (!ticket) throw invalid("ticketId", `no ticket ${input.ticketId}`);
    }
    const at = deps.clock.now();
    const entry = await insertEntry(trx, { ...input, ticketId: input.ticketId ?? null, note: input.note ?? null, createdBy: actor.id, at });
    await writeAudit(trx, { at, actorId: actor.id, action: "report.entry_saved", targetType: "appraisal_entry", targetId: entry.id, data: { ...input } });
    return entry;
  });
}

/** Removes an entry made in error; the removal is audited with what was removed. */
export async function deleteAppraisalEntry(deps: Deps, actor: Actor, id: number) {
  requireAppraisalEditor(actor);
  return deps.db.transaction().execute(async (trx) => {
    const removed = await deleteEntry(trx, id);
    if (!removed) throw notFound(`appraisal entry ${id}`);
    await writeAudit(trx, { at: deps.clock.now(), actorId: actor.id, action: "report.entry_saved", targetType: "appraisal_entry", targetId: id, data: { deleted: removed } });
  });
}
