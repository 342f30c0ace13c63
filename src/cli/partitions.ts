import { loadConfig } from "../config.js";
import { openDatabase } from "../db/database.js";
import { detachPartitionsBefore, ensurePartitions, listPartitions } from "../db/partitions.js";
import { writeAudit } from "../modules/audit/audit.repository.js";

/**
 * `npm run partitions -- <command>` on DATABASE_URL (PostgreSQL; docs/OPERATIONS.md "Partitions"):
 *   list                                   the partitions, their ranges, rows (estimated) and sizes
 *   ensure [--months-ahead 3]              make the coming months' partitions (the daily job does it too)
 *   detach --before YYYY-MM [--table t]… [--drop]
 *                                          detach (and drop) every partition that ends by that month;
 *                                          pg_dump the detached tables before dropping them
 */
const args = process.argv.slice(2);
const command = args[0] ?? "list";
const option = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const config = loadConfig();
if (!config.databaseUrl) {
  process.stderr.write("partitions: DATABASE_URL is not set (PGlite keeps its tables unpartitioned)\n");
  process.exit(2);
}
const database = await openDatabase({ url: config.databaseUrl });
try {
  if (command === "list") {
    for (const p of await listPartitions(database.db)) {
      process.stdout.write(`${p.table.padEnd(16)} ${p.partition.padEnd(28)} ${String(p.rows).padStart(12)} rows ${(p.bytes / 1048576).toFixed(1).padStart(9)} MB  ${p.bound}\n`);
    }
  } else if (command === "ensure") {
    const n = await ensurePartitions(database, Number(option("months-ahead") ?? 3));
    process.stdout.write(`partitions checked: ${n}\n`);
  } else if (command === "detach") {
    const before = option("before");
    if (!before || !/^\d{4}-\d{2}$/.test(before)) throw new Error("detach needs --before YYYY-MM");
    // The month starts at midnight in Shanghai, as the partitions do.
    const at = new Date(`${before}-01T00:00:00+08:00`);
    const tables = args.flatMap((a, i) => (args[i - 1] === "--table" ? [a] : []));
    const drop = args.includes("--drop");
    const done = await detachPartitionsBefore(database.db, at, tables.length ? tables : undefined, drop);
    await writeAudit(database.db, { at: new Date(), actorId: null, action: drop ? "partitions.drop" : "partitions.detach", targetType: "partitions", data: { before, partitions: done.map((p) => p.partition) } });
    for (const p of done) process.stdout.write(`${drop ? "dropped" : "detached"} ${p.partition} (${p.bound})\n`);
    if (done.length === 0) process.stdout.write("nothing ends before that month\n");
  } else {
    throw new Error(`unknown command ${command} (list, ensure, detach)`);
  }
} catch (err) {
  process.stderr.write(`partitions: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
} finally {
  await database.close();
}
