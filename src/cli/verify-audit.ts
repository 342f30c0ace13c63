import { loadConfig } from "../config.js";
import { openDatabase } from "../db/database.js";
import { verifyAuditChain } from "../modules/audit/audit-chain.js";

/**
 * `npm run audit:verify`: checks the audit log's hash chain (docs/SECURITY.md "Audit log") on the database the
 * server uses (DATABASE_URL, or the PGlite folder HUYING_DATA_DIR while the server is stopped). Prints the
 * number of rows and the head hash; exits 1 and names the first broken row when the chain does not verify.
 */
const config = loadConfig();
const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, lockedBy: "audit:verify" }).catch((err: unknown) => {
  process.stderr.write(`audit:verify: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(2);
});
try {
  const report = await verifyAuditChain(database.db);
  if (report.firstBreak) {
    const b = report.firstBreak;
    process.stderr.write(`audit chain BROKEN at seq ${b.seq}${b.id === null ? "" : ` (audit_log id ${b.id})`}: ${b.reason}; ${report.rows} rows verified before it\n`);
    process.exitCode = 1;
  } else {
    process.stdout.write(`audit chain OK: ${report.rows} rows, head ${report.head.hash}\n`);
  }
} catch (err) {
  process.stderr.write(`audit:verify could not read the audit log: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 2;
} finally {
  await database.close();
}
