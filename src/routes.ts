import type { FastifyInstance } from "fastify";
import type { AppContext } from "./app-context.js";
import { authRoutes } from "./modules/auth/auth.routes.js";
import { orgRoutes } from "./modules/org/org.routes.js";
import { orgAdminRoutes } from "./modules/org/org-admin.routes.js";
import { ticketRoutes } from "./modules/tickets/ticket.routes.js";
import { ticketActionRoutes } from "./modules/tickets/ticket-action.routes.js";
import { notificationRoutes } from "./modules/notifications/notification.routes.js";
import { testClockRoutes } from "./modules/test-clock/test-clock.routes.js";
import { attachmentRoutes } from "./modules/attachments/attachment.routes.js";
import { auditRoutes } from "./modules/audit/audit.routes.js";
import { calendarRoutes } from "./modules/calendar/calendar.routes.js";
import { policyRoutes } from "./modules/policy/policy.routes.js";
import { reportRoutes } from "./modules/reports/report.routes.js";
import { exportRoutes } from "./modules/exports/export.routes.js";
import { outboxRoutes } from "./modules/outbox/outbox.routes.js";
import { apiKeyRoutes } from "./modules/api-keys/api-key.routes.js";
import { callCenterRoutes } from "./modules/call-center/call-center.routes.js";
import { qaRoutes } from "./modules/call-center/qa.routes.js";
import { supervisionRoutes } from "./modules/supervision/supervision.routes.js";
import { channelRoutes } from "./modules/channels/channel.routes.js";
import { coUnitRoutes } from "./modules/co-units/co-unit.routes.js";
import { unitDeskRoutes } from "./modules/unit-desk/unit-desk.routes.js";
import { replyTemplateRoutes } from "./modules/reply-templates/reply-template.routes.js";
import { reviewQueueRoutes } from "./modules/reviews/review-queue.routes.js";
import { suggestionRoutes } from "./modules/suggestions/suggestion.routes.js";
import { knowledgeRoutes } from "./modules/knowledge/knowledge.routes.js";
import { knowledgeAdminRoutes } from "./modules/knowledge/knowledge-admin.routes.js";
import { catalogueRoutes } from "./modules/knowledge/catalogue.routes.js";
import { knowledgeTransferRoutes } from "./modules/knowledge/knowledge-transfer.routes.js";
import { knowledgeTicketRoutes } from "./modules/knowledge/knowledge-ticket.routes.js";

export type RouteModule = (app: FastifyInstance, ctx: AppContext) => Promise<void>;

/** Every route module, in registration order. Add a line here for a new module. */
export const ROUTE_MODULES: readonly RouteModule[] = [
  authRoutes,
  orgRoutes,
  ticketRoutes,
  ticketActionRoutes,
  notificationRoutes,
  testClockRoutes,
  attachmentRoutes,
  auditRoutes,
  calendarRoutes,
  policyRoutes,
  reportRoutes,
  exportRoutes,
  outboxRoutes,
  apiKeyRoutes,
  callCenterRoutes,
  qaRoutes,
  supervisionRoutes,
  orgAdminRoutes,
  channelRoutes,
  coUnitRoutes,
  unitDeskRoutes,
  replyTemplateRoutes,
  reviewQueueRoutes,
  suggestionRoutes,
  knowledgeAdminRoutes,
  knowledgeTransferRoutes,
  knowledgeRoutes,
  catalogueRoutes,
  knowledgeTicketRoutes,
];
