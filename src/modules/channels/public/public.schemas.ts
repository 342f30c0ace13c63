import { z } from "zod";
import { CITIZEN_RATINGS, MAILBOXES } from "../channel.types.js";
import { TICKET_STATUSES } from "../../../domain/ticket/ticket.types.js";

/** zod schemas of the citizen API (docs/API.md "Channels"); size limits are the abuse control's too. */
const phone = z.string().trim().regex(/^[0-9+\-() ]{5,20}$/, "a phone number");

export const publicSubmitBody = z
  .object({
    content: z.string().trim().min(5).max(5000),
    title: z.string().trim().max(100).optional(),
    name: z.string().trim().max(50).optional(),
    phone: phone.optional().describe("required unless anonymous"),
    address: z.string().trim().max(300).optional(),
    anonymous: z.boolean().optional(),
    mailbox: z.enum(MAILBOXES).optional().describe("市长信箱 mayor, 书记信箱 secretary, 企业信箱 enterprise: channel mailbox"),
    business: z.boolean().optional().describe("a company's request (rule 5); the enterprise mailbox implies it"),
    companyName: z.string().trim().max(100).optional(),
    smsNotify: z.boolean().optional().describe("text me the number, the reply and the closure"),
    captchaId: z.string().max(64).optional(),
    captchaAnswer: z.string().max(16).optional(),
  })
  .superRefine((b, c) => {
    if (!b.anonymous && !b.phone) c.addIssue({ code: "custom", path: ["phone"], message: "required unless the request is anonymous" });
  });

export const publicSubmitted = z.object({ number: z.string(), queryCode: z.string().describe("shown once; keep it to look the request up") });

export const publicNumberParams = z.object({ number: z.string().regex(/^\d{8}-\d{6,9}$/, "a ticket number such as 20250303-000001") });
export const publicCodeQuery = z.object({ code: z.string().trim().min(4).max(16) });

export const publicRequestView = z.object({
  number: z.string(),
  status: z.enum(TICKET_STATUSES),
  closed: z.boolean(),
  title: z.string(),
  receivedAt: z.string(),
  replies: z.array(z.object({ content: z.string(), at: z.string() })),
  rating: z.object({ outcome: z.enum(CITIZEN_RATINGS), at: z.string() }).nullable(),
  canRate: z.boolean(),
});

export const publicRatingBody = z.object({ outcome: z.enum(CITIZEN_RATINGS), comment: z.string().trim().max(500).optional() });
export const publicRatingView = z.object({ number: z.string(), outcome: z.enum(CITIZEN_RATINGS), at: z.string() });
export const captchaView = z.object({ id: z.string(), svg: z.string().describe("an SVG image of the characters") });
