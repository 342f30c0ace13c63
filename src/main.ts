import { loadConfig } from "./config.js";
import { createServer } from "./server.js";

/** `npm start`: migrate, bootstrap, serve the API and the web UI on one port. */
const config = loadConfig();
const server = await createServer({ config, sweeper: true });
await server.app.listen({ port: config.port, host: config.host });
server.ctx.logger.info(
  `Huying serving http://${config.host}:${config.port} on ${server.ctx.database.kind}${config.demo ? " with demo data" : ""}`,
);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void server.close().finally(() => process.exit(0));
  });
}
