import { join } from "node:path";
import { parseArgs } from "node:util";
import { loadConfig } from "../config.js";
import { backup } from "./backup-restore.js";

/**
 * `npm run backup [-- --out DIR] [--schema NAME]`: backs up the database the server uses (DATABASE_URL with
 * pg_dump, or the PGlite folder in HUYING_DATA_DIR, which needs the server stopped) and the uploads, into a
 * new folder (default ./backups/huying-<time>). Prints the folder and the row counts.
 */
const { values } = parseArgs({ options: { out: { type: "string" }, schema: { type: "string" } } });
const out = values.out ?? join("backups", `huying-${new Date().toISOString().replace(/[:.]/g, "-")}`);
try {
  const manifest = await backup(loadConfig(), out, values.schema);
  const counts = Object.entries(manifest.tables).map(([t, v]) => `${t} ${v.rows}`).join(", ");
  process.stdout.write(`backup of ${manifest.engine} written to ${out}: ${counts}\n`);
} catch (err) {
  process.stderr.write(`backup failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
