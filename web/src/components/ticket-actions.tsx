import { useState } from "react";
import { App, Button, Popconfirm, Space, Tooltip } from "antd";
import type { TicketActionName, TicketWithRecords } from "../api/types.js";
import { useTicketAction } from "../api/hooks.js";
import { ACTION_LABELS } from "../lib/labels.js";
import { ActionDialog } from "./action-dialogs.js";
import { resultMessage } from "../lib/result-messages.js";

/** Actions that open a dialog; the rest (sign) act on one click. */
const DIALOG_ACTIONS: TicketActionName[] = [
  "dispatch",
  "record_contact",
  "request_return",
  "decide_return",
  "request_extension",
  "decide_extension",
  "reply",
  "approve_reply",
  "follow_up",
  "redo",
  "request_exclusion",
  "decide_exclusion",
  "terminate",
  "co_submit",
  "assign",
  "merge",
];

/** Primary action of each status gets the primary button colour. */
const PRIMARY: TicketActionName[] = ["dispatch", "sign", "reply", "approve_reply", "follow_up", "decide_return", "co_submit"];

/** One-click actions (a confirmation, no form): the path under /api/tickets/:id/ and the question. */
const ONE_CLICK: Partial<Record<TicketActionName, { path: string; title: string; ok: string }>> = {
  sign: { path: "sign", title: "确认签收该工单？", ok: "签收" },
  co_sign: { path: "co-units/sign", title: "确认签收协办？", ok: "签收协办" },
};

/**
 * The buttons of a ticket: exactly the actions the API lists in allowedActions (docs/API.md), each with its
 * dialog. reveal_phone is offered next to the phone number instead.
 */
export function TicketActions({ ticket, size = "middle" }: { ticket: TicketWithRecords; size?: "small" | "middle" }) {
  const { message } = App.useApp();
  const [open, setOpen] = useState<TicketActionName | null>(null);
  const action = useTicketAction(ticket);
  const actions = ticket.allowedActions.filter((a) => a !== "reveal_phone" && a in ACTION_LABELS);
  if (actions.length === 0) return null;

  return (
    <>
      <Space wrap data-testid="ticket-actions">
        {actions.map((a) =>
          ONE_CLICK[a] ? (
            <Popconfirm
              key={a}
              title={ONE_CLICK[a].title}
              okText={ONE_CLICK[a].ok}
              cancelText="取消"
              onConfirm={async () => {
                try {
                  const res = await action.mutateAsync({ path: ONE_CLICK[a]!.path });
                  message.success(resultMessage(a, {}, res));
                } catch (e) {
                  message.error(e instanceof Error ? e.message : `${ACTION_LABELS[a]}失败`);
                }
              }}
            >
              <Button type="primary" size={size} data-action={a}>
                {ACTION_LABELS[a]}
              </Button>
            </Popconfirm>
          ) : DIALOG_ACTIONS.includes(a) ? (
            <Button
              key={a}
              size={size}
              type={PRIMARY.includes(a) ? "primary" : "default"}
              danger={a === "terminate"}
              onClick={() => setOpen(a)}
              data-action={a}
            >
              {ACTION_LABELS[a]}
            </Button>
          ) : (
            <Tooltip key={a} title="该操作在此页面不可用">
              <Button size={size} disabled>
                {ACTION_LABELS[a]}
              </Button>
            </Tooltip>
          ),
        )}
      </Space>
      {open && <ActionDialog action={open} ticket={ticket} onClose={() => setOpen(null)} />}
    </>
  );
}
