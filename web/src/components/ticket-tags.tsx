import { Tag, Tooltip } from "antd";
import type { Ticket, TicketStatus, Urgency } from "../api/types.js";
import { overdueLabels } from "../lib/deadlines.js";

export { currentDeadline } from "../lib/deadlines.js";
import { STATUS_COLORS, STATUS_LABELS, URGENCY_COLORS, URGENCY_LABELS } from "../lib/labels.js";
import { countdown, fmtTime } from "../lib/time.js";
import { useNow } from "../lib/use-now.js";

/** Coloured status tag. */
export function StatusTag({ status }: { status: TicketStatus }) {
  return <Tag color={STATUS_COLORS[status]}>{STATUS_LABELS[status] ?? status}</Tag>;
}

/** Coloured urgency tag (docs/RULES.md rule 6). */
export function UrgencyTag({ urgency }: { urgency: Urgency }) {
  return <Tag color={URGENCY_COLORS[urgency]}>{URGENCY_LABELS[urgency] ?? urgency}</Tag>;
}

/** Countdown to a deadline coloured green / yellow / red. */
export function DeadlineCountdown({ at, label }: { at: string | null; label?: string }) {
  const now = useNow();
  if (!at) return <span style={{ color: "#767676" }}>—</span>;
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

/** Overdue marks, one tag per deadline kind with an overdue flag (签收超期 / 联系超期 / 答复超期). */
export function OverdueTags({ t }: { t: Ticket }) {
  return (
    <>
      {overdueLabels(t).map((label) => (
        <Tag key={label} color="red">
          {label}
        </Tag>
      ))}
    </>
  );
}
