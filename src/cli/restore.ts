import { parseArgs } from "node:util";
import { loadConfig } from "../config.js";
import { restore } from "./backup-restore.js";

/**
 * `npm run restore -- <backup folder> [--force] [--schema NAME]`: restores a backup made by `npm run backup`
 * into the configured database (DATABASE_URL, or HUYING_DATA_DIR for PGlite), then checks every key table's
 * row count and checksum against the backup's manifest. Refuses a database that holds data or is in use
 * unless --force. Exit 0: restored and identical; 1: refused, failed or different.
 */
const { values, positionals } = parseArgs({ allowPositionals: true, options: { force: { type: "boolean" }, schema: { type: "string" } } });
const from = positionals[0];
if (!from) {
  process.stderr.write("usage: npm run restore -- <backup folder> [--force] [--schema NAME]\n");
  process.exit(1);
}
try {
  const { manifest, mismatched } = await restore(loadConfig(), from, { force: values.force, schema: values.schema });
  if (mismatched.length > 0) {
    process.stderr.write(`restored, but these tables differ from the backup: ${mismatched.join(", ")}\n`);
    process.exitCode = 1;
  } else {
    process.stdout.write(`restored the ${manifest.engine} backup of ${manifest.createdAt}: every key table matches its row count and checksum\n`);
  }
} catch (err) {
  process.stderr.write(`restore failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
