import type { FastifyInstance } from "fastify";
import type { AppContext } from "./app-context.js";
import { authRoutes } from "./modules/auth/auth.routes.js";
import { orgRoutes } from "./modules/org/org.routes.js";
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
import { knowledgeRoutes } from "./modules/knowledge/knowledge.routes.js";
import { knowledgeAdminRoutes } from "./modules/knowledge/knowledge-admin.routes.js";
import { catalogueRoutes } from "./modules/knowledge/catalogue.routes.js";
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
  knowledgeAdminRoutes,
  knowledgeRoutes,
  catalogueRoutes,
  knowledgeTicketRoutes,
];
