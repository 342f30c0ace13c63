import { Link } from "react-router-dom";
import { Space } from "antd";
import type { Ticket, TicketActionName } from "../api/types.js";
import { TicketActions } from "./ticket-actions.js";

/** Actions that need only the list row (no request record from the detail). */
const INLINE: TicketActionName[] = ["dispatch", "sign", "record_contact", "reply", "follow_up", "request_extension", "co_sign", "co_submit", "assign"];

/**
 * Row buttons of a queue: the first two quick actions the API allows (compact, never wrapping: issue 18
 * point 5), plus 办理 to open the full ticket page, where every action is.
 */
export function RowActions({ t, only }: { t: Ticket; only?: TicketActionName[] }) {
  const allowed = t.allowedActions.filter((a) => INLINE.includes(a) && (!only || only.includes(a))).slice(0, 2);
  return (
    <Space size={4} wrap={false} style={{ whiteSpace: "nowrap" }}>
      <TicketActions ticket={{ ...t, allowedActions: allowed }} size="small" />
      <Link to={`/tickets/${t.id}`} style={{ whiteSpace: "nowrap" }}>
        办理
      </Link>
    </Space>
  );
}
