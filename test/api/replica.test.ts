import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { opsSkipReason, removeFolder, startPrimary, startReplica, tempFolder, type Cluster } from "./pg-cluster.js";
import { standardCast, startTestServer, type TestServer } from "./helpers.js";

/**
 * docs/OPERATIONS.md "Read replica": a PostgreSQL 15 primary this test creates (initdb), a streaming
 * replica of it (pg_basebackup -R), and the server on both (DATABASE_URL + DATABASE_REPLICA_URL). With the
 * replica's replay paused, a new ticket is visible to its writer at once (primary) while reports, exports
 * and searches do not see it yet (they read the replica); once replay resumes they do. Runs in the
 * PostgreSQL pass of .ci/run (it needs the server binaries, not the shared database).
 */
const skip = !process.env.DATABASE_URL ? "runs in the PostgreSQL pass (DATABASE_URL unset)" : opsSkipReason({ postgres: true });
if (skip) console.log(`replica.test.ts skipped: ${skip}`);

describe.skipIf(!!skip)("reports, exports and searches on a streaming replica", () => {
  let root: string;
  let primary: Cluster;
  let replica: Cluster;
  let t: TestServer;
  let cast: Awaited<ReturnType<typeof standardCast>>;
  let admin: pg.Client;
  let standby: pg.Client;

  const waitReplayed = async () => {
    const { rows } = await admin.query<{ lsn: string }>("SELECT pg_current_wal_lsn()::text AS lsn");
    for (let i = 0; i < 200; i++) {
      const r = await standby.query<{ ok: boolean }>("SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS ok", [rows[0]!.lsn]);
      if (r.rows[0]!.ok) return;
      await new Promise((res) => setTimeout(res, 50));
    }
    throw new Error("the replica did not catch up");
  };

  beforeAll(async () => {
    root = tempFolder("huying-replica-");
    primary = await startPrimary(root);
    admin = new pg.Client({ connectionString: primary.url() });
    await admin.connect();
    await admin.query("CREATE EXTENSION IF NOT EXISTS pg_trgm");
    replica = await startReplica(root, primary);
    standby = new pg.Client({ connectionString: replica.url() });
    await standby.connect();
    t = await startTestServer({ env: { DATABASE_URL: primary.url(), DATABASE_REPLICA_URL: replica.url() }, databaseUrl: primary.url() });
    cast = await standardCast(t);
    await waitReplayed();
  }, 120_000);

  afterAll(async () => {
    await t?.close().catch(() => undefined);
    await standby?.end().catch(() => undefined);
    await admin?.end().catch(() => undefined);
    replica?.stop();
    primary?.stop();
    if (root) removeFolder(root);
  });

  it("the replica is a hot standby streaming from the primary", async () => {
    expect((await standby.query("SELECT pg_is_in_recovery() AS r")).rows[0].r).toBe(true);
    const senders = await admin.query("SELECT count(*)::int AS n FROM pg_stat_replication WHERE state = 'streaming'");
    expect(senders.rows[0].n).toBe(1);
  });

  it("a writer sees its ticket at once; reports, exports and searches see it when the replica has replayed it", async () => {
    const search = (q: string) => t.call("GET", `/api/tickets?q=${encodeURIComponent(q)}`, { token: cast.dispatcher.token });
    const volume = async () => (await t.call("GET", "/api/reports/rates?month=2025-03&groupBy=unit", { token: cast.supervisor.token })).body.total.volume as number;
    const exportCsv = async () => (await t.call("GET", "/api/exports/tickets.csv?fields=number,title", { token: cast.supervisor.token })).body as string;
    const before = await volume();
    expect(typeof (await exportCsv())).toBe("string"); // a CSV, not an error answer

    await standby.query("SELECT pg_wal_replay_pause()");
    try {
      const created = await t.ticket(cast.operator.token, { title: "副本延迟验证工单", content: "只读副本暂停回放时写入" });
      // read-your-own-write: the detail, the dispatch that follows, the dispatcher's queue — all primary
      expect((await t.call("GET", `/api/tickets/${created.id}`, { token: cast.operator.token })).status).toBe(200);
      expect((await t.call("POST", `/api/tickets/${created.id}/dispatch`, { token: cast.dispatcher.token, body: { unitId: cast.unitA.id } })).status).toBe(200);
      const inbox = await t.call("GET", `/api/tickets?unitId=${cast.unitA.id}`, { token: cast.leaderA.token });
      expect(inbox.body.items.map((i: any) => i.id)).toContain(created.id);
      // the replica has not replayed it: the search, the export and the report do not know it yet
      expect((await search("副本延迟验证")).body.items).toHaveLength(0);
      expect(await exportCsv()).not.toContain("副本延迟验证工单");
      expect(await volume()).toBe(before);

      await standby.query("SELECT pg_wal_replay_resume()");
      await waitReplayed();
      expect((await search("副本延迟验证")).body.items.map((i: any) => i.id)).toEqual([created.id]);
      expect(await exportCsv()).toContain("副本延迟验证工单");
      expect(await volume()).toBe(before + 1);
    } finally {
      await standby.query("SELECT pg_wal_replay_resume()").catch(() => undefined);
    }
  });

  it("the metrics show the replica's pool and lag", async () => {
    const text = await (await fetch(`${t.url}/metrics`)).text();
    expect(text).toMatch(/huying_db_pool_connections\{pool="replica",state="total"\} \d+/);
    expect(text).toMatch(/huying_replica_lag_seconds [\d.e+-]+/);
  });
});
