import type { ComponentType } from "react";
import type { TicketActionName, TicketWithRecords } from "../api/types.js";
import type { DialogProps } from "./dialogs/action-modal.js";
import { DispatchDialog } from "./dialogs/dispatch-dialog.js";
import { ContactDialog } from "./dialogs/contact-dialog.js";
import { RequestReturnDialog } from "./dialogs/request-return-dialog.js";
import { DecideReturnDialog } from "./dialogs/decide-return-dialog.js";
import { RequestExtensionDialog } from "./dialogs/request-extension-dialog.js";
import { DecideExtensionDialog } from "./dialogs/decide-extension-dialog.js";
import { ReplyDialog } from "./dialogs/reply-dialog.js";
import { ApproveReplyDialog } from "./dialogs/approve-reply-dialog.js";
import { FollowUpDialog } from "./dialogs/follow-up-dialog.js";
import { RedoDialog } from "./dialogs/redo-dialog.js";
import { RequestExclusionDialog } from "./dialogs/request-exclusion-dialog.js";
import { DecideExclusionDialog } from "./dialogs/decide-exclusion-dialog.js";
import { TerminateDialog } from "./dialogs/terminate-dialog.js";
import { CoSubmitDialog } from "./dialogs/co-submit-dialog.js";
import { AssignDialog } from "./dialogs/assign-dialog.js";
import { MergeDialog } from "./dialogs/merge-dialog.js";

export { EVIDENCE_ACCEPT, uploadAll } from "./dialogs/action-modal.js";

/** One dialog per action that takes input (web/src/components/dialogs/); the others have none. */
const DIALOGS: Partial<Record<TicketActionName, ComponentType<DialogProps>>> = {
  dispatch: DispatchDialog,
  record_contact: ContactDialog,
  request_return: RequestReturnDialog,
  decide_return: DecideReturnDialog,
  request_extension: RequestExtensionDialog,
  decide_extension: DecideExtensionDialog,
  reply: ReplyDialog,
  approve_reply: ApproveReplyDialog,
  follow_up: FollowUpDialog,
  redo: RedoDialog,
  request_exclusion: RequestExclusionDialog,
  decide_exclusion: DecideExclusionDialog,
  terminate: TerminateDialog,
  co_submit: CoSubmitDialog,
  assign: AssignDialog,
  merge: MergeDialog,
};

/** The dialog of one ticket action: its form, the request under review where there is one, and the API call. */
export function ActionDialog({ action, ticket, onClose }: { action: TicketActionName; ticket: TicketWithRecords; onClose: () => void }) {
  const Dialog = DIALOGS[action];
  return Dialog ? <Dialog ticket={ticket} onClose={onClose} /> : null;
}
