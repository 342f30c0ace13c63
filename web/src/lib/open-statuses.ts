/** Statuses of tickets still being worked on (not closed), as a comma list for `status=`. */
export const OPEN_STATUSES = "pending_dispatch,dispatched,signed,return_requested,reply_review,replied";
