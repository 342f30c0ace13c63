import { Tag, Tooltip } from "antd";
import type { Ticket, TicketStatus, Urgency } from "../api/types.js";
import { STATUS_COLORS, STATUS_LABELS, URGENCY_COLORS, URGENCY_LABELS } from "../lib/labels.js";
import { countdown, fmtTime } from "../lib/time.js";
import { useNow } from "../lib/use-now.js";

/** Coloured status tag. */
export function StatusTag({ status }: { status: TicketStatus }) {
  return <Tag color={STATUS_COLORS[status]}>{STATUS_LABELS[status] ?? status}</Tag>;
}

/** Coloured urgency tag (DOMAIN.md rule 6). */
export function UrgencyTag({ urgency }: { urgency: Urgency }) {
  return <Tag color={URGENCY_COLORS[urgency]}>{URGENCY_LABELS[urgency] ?? urgency}</Tag>;
}

/** The deadline that matters now for a ticket in this status, with its Chinese name. */
export function currentDeadline(t: Ticket): { label: string; at: string } | null {
  const d = t.deadlines;
  if (t.status === "dispatched" && d.signDueAt) return { label: "签收", at: d.signDueAt };
  if (t.status === "signed" || t.status === "return_requested" || t.status === "reply_review") {
    if (t.firstContact.state === "pending" && d.contactDueAt) return { label: "先行联系", at: d.contactDueAt };
    if (d.replyDueAt) return { label: "答复", at: d.replyDueAt };
  }
  if (t.status === "replied" && d.autoCloseAt) return { label: "自动办结", at: d.autoCloseAt };
  return null;
}

/** Countdown to a deadline coloured green / yellow / red. */
export function DeadlineCountdown({ at, label }: { at: string | null; label?: string }) {
  const now = useNow();
  if (!at) return <span style={{ color: "#bfbfbf" }}>—</span>;
  const c = countdown(at, now);
  return (
    <Tooltip title={`${label ? label + "时限 " : ""}${fmtTime(at)}`}>
      <span className={`deadline-${c.tone}`} data-tone={c.tone}>
        {label ? `${label} ` : ""}
        {c.text}
      </span>
    </Tooltip>
  );
}

/** Overdue marks: 签收超期 / 联系超期 / 答复超期. */
export function OverdueTags({ t }: { t: Ticket }) {
  return (
    <>
      {t.overdue.sign && <Tag color="red">签收超期</Tag>}
      {t.overdue.contact && <Tag color="red">联系超期</Tag>}
      {t.overdue.reply && <Tag color="red">答复超期</Tag>}
    </>
  );
}
