import { loadConfig } from "./config.js";
import { DataDirLockedError } from "./db/data-dir-lock.js";
import { createServer, StartRefusedError } from "./server.js";

/** `npm start`: migrate, bootstrap, serve the API and the web UI on one port. */
const config = loadConfig();
const server = await createServer({ config, sweeper: true }).catch((err: unknown) => {
  // Refusals a person must act on (the data folder is in use, demo data on a public address): one clear line.
  if (err instanceof DataDirLockedError || err instanceof StartRefusedError) {
    process.stderr.write(`Huying did not start: ${err.message}\n`);
    process.exit(1);
  }
  throw err;
});
await server.app.listen({ port: config.port, host: config.host });
server.ctx.logger.info(
  `Huying serving http://${config.host}:${config.port} on ${server.ctx.database.kind}${config.demo ? " with demo data" : ""}`,
);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void server.close().finally(() => process.exit(0));
  });
}
