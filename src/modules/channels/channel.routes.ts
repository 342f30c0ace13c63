import type { FastifyInstance } from "fastify";
import type { AppContext } from "../../app-context.js";
import { publicRoutes } from "./public/public.routes.js";
import { ticketChannelRoutes } from "./ticket-channel.js";
import { open311Routes } from "./open311/open311.routes.js";
import { upstreamRoutes } from "./upstream/upstream.routes.js";
import { wechatRoutes } from "./wechat/wechat.routes.js";
import { channelReportRoutes } from "./channel-report.js";

/** Every channel's routes (docs/CHANNELS.md): the citizen API, Open311, the upstream exchange, WeChat, channel figures. */
export async function channelRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await publicRoutes(app, ctx);
  await ticketChannelRoutes(app, ctx);
  await open311Routes(app, ctx);
  await upstreamRoutes(app, ctx);
  await wechatRoutes(app, ctx);
  await channelReportRoutes(app, ctx);
}
