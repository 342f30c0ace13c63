import type { FastifyInstance } from "fastify";
import rateLimit from "@fastify/rate-limit";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { AppContext } from "../../../app-context.js";
import { errorResponse, errorResponses } from "../../../http/schemas.js";
import { newCaptcha } from "./public-guard.js";
import { lookupPublicRequest, ratePublicRequest, submitPublicRequest } from "./public.service.js";
import {
  captchaView,
  publicCodeQuery,
  publicNumberParams,
  publicRatingBody,
  publicRatingView,
  publicRequestView,
  publicSubmitBody,
  publicSubmitted,
} from "./public.schemas.js";

/**
 * The citizens' API (docs/API.md "Channels"): no login, rate-limited per client address (request.ip, which
 * honours HUYING_TRUST_PROXY), bodies of at most 32 KB, a captcha past the day's free submissions.
 */
export async function publicRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await app.register(async (scope) => {
    const { publicRateMax: max, publicRateWindowMs: timeWindow } = ctx.config.channels;
    await scope.register(rateLimit, {
      global: true,
      max,
      timeWindow,
      errorResponseBuilder: (_req, c) => Object.assign(new Error(`too many requests; try again in ${Math.ceil(c.ttl / 1000)} s`), { statusCode: 429 }),
    });
    const r = scope.withTypeProvider<ZodTypeProvider>();
    const open = { public: true } as const;

    r.get(
      "/api/public/captcha",
      { config: open, schema: { tags: ["public"], summary: "An image captcha for the citizen form (needed past the day's free submissions)", response: { 200: captchaView, ...errorResponses, 429: errorResponse } } },
      async (_request, reply) => {
        const c = await newCaptcha(ctx.db, new Date());
        // Test servers only (HUYING_TEST_CLOCK=1): the answer, so tests can get past the image.
        if (ctx.config.testClock) reply.header("x-test-captcha-answer", c.answer);
        return { id: c.id, svg: c.svg };
      },
    );

    r.post(
      "/api/public/requests",
      {
        config: open,
        bodyLimit: 32 * 1024,
        schema: {
          tags: ["public"],
          summary: "A citizen submits a request (no login): the ticket number and a query code",
          body: publicSubmitBody,
          response: { 201: publicSubmitted, ...errorResponses, 413: errorResponse, 428: errorResponse, 429: errorResponse },
        },
      },
      async (request, reply) => reply.status(201).send(await submitPublicRequest(ctx, request.ip, request.body)),
    );

    r.get(
      "/api/public/requests/:number",
      {
        config: open,
        schema: {
          tags: ["public"],
          summary: "A citizen looks a request up by number and query code: status and replies, no personal data",
          params: publicNumberParams,
          querystring: publicCodeQuery,
          response: { 200: publicRequestView, ...errorResponses, 429: errorResponse },
        },
      },
      async (request) => lookupPublicRequest(ctx.db, request.params.number, request.query.code),
    );

    r.post(
      "/api/public/requests/:number/rating",
      {
        config: open,
        bodyLimit: 8 * 1024,
        schema: {
          tags: ["public"],
          summary: "A citizen rates the result once the unit replied (recorded beside the center's follow-up)",
          params: publicNumberParams,
          querystring: publicCodeQuery,
          body: publicRatingBody,
          response: { 201: publicRatingView, ...errorResponses, 429: errorResponse },
        },
      },
      async (request, reply) => reply.status(201).send(await ratePublicRequest(ctx, request.params.number, request.query.code, request.body)),
    );
  });
}
