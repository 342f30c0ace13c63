import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { standardCast, startTestServer, type TestServer } from "./helpers.js";

/**
 * The call center (issue 17, docs/CALL-CENTER.md) through the real server, on PGlite and PostgreSQL:
 * call records (key of scope calls, idempotent by externalId), CSV import (a bad row → 400 naming it,
 * nothing imported), connection figures, Erlang C and the day's staffing, QA sampling (reproducible),
 * reviews and the three-failures flag, training, and the intake's callId link.
 */
describe("call center", () => {
  let t: TestServer;
  let cast: Awaited<ReturnType<typeof standardCast>>;
  let key: string;
  let op2: { id: number; username: string; token: string };
  let qa: { id: number; username: string; token: string };

  const withKey = (method: string, path: string, body?: unknown) => t.call(method, path, { body, headers: { authorization: `ApiKey ${key}` } });
  const csvPost = async (csv: string, token: string) => {
    const res = await fetch(`${t.url}/api/calls/import`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "text/csv" }, body: csv });
    return { status: res.status, body: (await res.json()) as any };
  };
  const at = (date: string, time: string) => `${date}T${time}+08:00`;
  const addSeconds = (iso: string, s: number) => new Date(new Date(iso).getTime() + s * 1000).toISOString();

  /** A CSV of calls: [date, time, waitSeconds | null (abandoned), talkSeconds, operator]. */
  const csvOf = (prefix: string, rows: Array<[string, string, number | null, number, string]>) =>
    [
      "externalId,startedAt,answeredAt,endedAt,operator",
      ...rows.map(([d, tm, wait, talk, op], i) => {
        const start = at(d, tm);
        const answered = wait === null ? "" : addSeconds(start, wait);
        const end = addSeconds(start, (wait ?? 30) + (wait === null ? 0 : talk));
        return `${prefix}-${i},${start},${answered},${end},${wait === null ? "" : op}`;
      }),
    ].join("\n");

  beforeAll(async () => {
    t = await startTestServer();
    cast = await standardCast(t);
    const center = cast.center.id;
    [op2, qa] = await Promise.all([t.user(["operator"], center), t.user(["qa_reviewer"], center)]);
    const created = await t.call("POST", "/api/api-keys", { token: t.adminToken, body: { name: "话务系统", scopes: ["calls"] } });
    expect(created.status).toBe(201);
    key = created.body.key;
  });
  afterAll(async () => t?.close());

  it("records a call with a calls key, idempotent by externalId; bad times and unknown operators → 400", async () => {
    const body = { externalId: "cti-1", startedAt: at("2025-02-03", "09:00:00"), answeredAt: at("2025-02-03", "09:00:08"), endedAt: at("2025-02-03", "09:04:00"), operator: cast.operator.username, recordingUrl: "https://rec.example.cn/cti-1.wav" };
    const first = await withKey("POST", "/api/calls", body);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ externalId: "cti-1", status: "answered", waitSeconds: 8, handleSeconds: 232, operator: { username: cast.operator.username }, recordingUrl: body.recordingUrl });
    const again = await withKey("POST", "/api/calls", body);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);

    const bad = async (patch: Record<string, unknown>, field: string) => {
      const res = await withKey("POST", "/api/calls", { ...body, externalId: `bad-${field}-${Math.random()}`, ...patch });
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.error.fields.map((f: any) => f.field)).toContain(field);
    };
    await bad({ endedAt: at("2025-02-03", "08:59:00"), answeredAt: null }, "endedAt");
    await bad({ answeredAt: at("2025-02-03", "08:59:59") }, "answeredAt");
    await bad({ operator: "nobody-here" }, "operator");
    await bad({ ticketId: 999999 }, "ticketId");
    // Only the telephone system's key or an admin writes calls; 403 before 400.
    expect((await t.call("POST", "/api/calls", { token: cast.operator.token, body })).status).toBe(403);
    expect((await t.call("POST", "/api/calls", { token: cast.dispatcher.token, body: {} })).status).toBe(403);
    expect((await t.call("POST", "/api/calls", { token: t.adminToken, body: { ...body, externalId: "cti-admin" } })).status).toBe(201);
  });

  it("imports a CSV; a bad row → 400 naming the row and field, and nothing from that file is stored", async () => {
    const before = (await t.call("GET", "/api/calls?from=2025-02-10&to=2025-02-10&limit=200", { token: t.adminToken })).body.items.length;
    const rows: Array<[string, string, number | null, number, string]> = [
      ["2025-02-10", "09:00:00", 5, 200, cast.operator.username],
      ["2025-02-10", "09:10:00", 40, 200, cast.operator.username],
      ["2025-02-10", "09:20:00", null, 0, ""],
    ];
    const broken = csvOf("imp-bad", rows).split("\n");
    broken[2] = broken[2]!.replace(/,[^,]*,[^,]*,([^,]*)$/, ",2025-02-10T09:20:00+08:00,2025-02-10T09:00:00+08:00,$1"); // row 2 ends before it starts
    broken.push(`imp-bad-x,${at("2025-02-10", "10:00:00")},${at("2025-02-10", "10:00:05")},${at("2025-02-10", "10:03:00")},ghost-operator`);
    const refused = await csvPost(broken.join("\n"), t.adminToken);
    expect(refused.status).toBe(400);
    const fields = refused.body.error.fields.map((f: any) => f.field);
    expect(fields).toEqual(expect.arrayContaining(["rows.2.endedAt", "rows.4.operator"]));
    expect(refused.body.error.message).toContain("row 2");
    expect((await t.call("GET", "/api/calls?from=2025-02-10&to=2025-02-10&limit=200", { token: t.adminToken })).body.items.length).toBe(before);

    const good = csvOf("imp", rows);
    const ok = await csvPost(good, t.adminToken);
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body).toEqual({ rows: 3, imported: 3, skipped: 0 });
    expect((await csvPost(good, t.adminToken)).body).toEqual({ rows: 3, imported: 0, skipped: 3 });
    // The key may import too (JSON {csv}); an operator may not.
    expect((await withKey("POST", "/api/calls/import", { csv: csvOf("imp-key", rows) })).status).toBe(201);
    expect((await csvPost(good, cast.operator.token)).status).toBe(403);
  });

  it("answers the connection figures per day and hour, per operator, and as xlsx", async () => {
    // 2025-02-05: 10 offered, 8 answered (6 within 15 s), 2 abandoned.
    const rows: Array<[string, string, number | null, number, string]> = [];
    const waits = [3, 5, 8, 10, 12, 15, 20, 40, null, null];
    waits.forEach((w, i) => rows.push(["2025-02-05", `1${i < 5 ? 0 : 1}:0${i % 5}:00`, w, 100, i % 2 ? op2.username : cast.operator.username]));
    expect((await csvPost(csvOf("fig", rows), t.adminToken)).status).toBe(201);
    const day = await t.call("GET", "/api/call-center/rates?from=2025-02-05&to=2025-02-05&interval=day", { token: cast.supervisor.token });
    expect(day.status).toBe(200);
    expect(day.body.rows).toEqual([expect.objectContaining({ start: "2025-02-05T00:00:00+08:00", offered: 10, answered: 8, answeredWithinTarget: 6, abandoned: 2, connectionRate: 0.8, serviceLevel: 0.6, abandonmentRate: 0.2 })]);
    expect(day.body.rows[0].averageSpeedOfAnswerSeconds).toBeCloseTo((3 + 5 + 8 + 10 + 12 + 15 + 20 + 40) / 8, 1);
    expect(day.body.targets).toEqual({ connectionRate: 0.95, answerTargetSeconds: 15, met: false });
    const hour = await t.call("GET", "/api/call-center/rates?from=2025-02-05&to=2025-02-05&interval=hour", { token: cast.viewer.token });
    expect(hour.body.rows.map((r: any) => [r.start, r.offered])).toEqual([["2025-02-05T10:00:00+08:00", 5], ["2025-02-05T11:00:00+08:00", 5]]);
    // The 15 s target is a setting: at 20 s one more call is on time.
    expect((await t.call("PUT", "/api/call-center/settings", { token: cast.supervisor.token, body: { answerTargetSeconds: 20 } })).status).toBe(200);
    expect((await t.call("GET", "/api/call-center/rates?from=2025-02-05&to=2025-02-05", { token: cast.supervisor.token })).body.rows[0].answeredWithinTarget).toBe(7);
    expect((await t.call("PUT", "/api/call-center/settings", { token: cast.supervisor.token, body: { answerTargetSeconds: 15 } })).status).toBe(200);
    expect((await t.call("PUT", "/api/call-center/settings", { token: cast.supervisor.token, body: { connectionRateTarget: 1.5 } })).status).toBe(400);

    const ops = await t.call("GET", "/api/call-center/rates/operators?from=2025-02-05&to=2025-02-05", { token: cast.supervisor.token });
    expect(ops.body.rows.map((r: any) => [r.operator, r.answered]).sort()).toEqual([[cast.operator.username, 4], [op2.username, 4]].sort());
    const xlsx = await fetch(`${t.url}/api/call-center/rates.xlsx?from=2025-02-05&to=2025-02-05`, { headers: { authorization: `Bearer ${cast.supervisor.token}` } });
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get("content-type")).toContain("spreadsheetml");
    expect((await xlsx.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    // Units never see the call center.
    expect((await t.call("GET", "/api/call-center/rates?from=2025-02-05&to=2025-02-05", { token: cast.leaderA.token })).status).toBe(403);
    expect((await t.call("GET", "/api/calls", { token: cast.handlerA.token })).status).toBe(403);
    expect((await t.call("GET", "/api/call-center/rates?from=2025-02-06&to=2025-02-05", { token: cast.supervisor.token })).status).toBe(400);
  });

  it("computes Erlang C for the worked example and refuses bad inputs", async () => {
    const ok = await t.call("GET", "/api/call-center/erlang-c?calls=100&intervalMinutes=30&ahtSeconds=180&targetSeconds=20&serviceLevel=0.8&maxOccupancy=0.85&shrinkage=0.3", { token: cast.supervisor.token });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ agents: 14, scheduledAgents: 20 });
    expect(ok.body.serviceLevel).toBeCloseTo(0.888, 3);
    expect(ok.body.occupancy).toBeCloseTo(0.714, 3);
    expect(ok.body.waitProbability).toBeCloseTo(0.174, 3);
    const b = await t.call("GET", "/api/call-center/erlang-c?calls=200&intervalMinutes=30&ahtSeconds=180&targetSeconds=60&serviceLevel=0.8&maxOccupancy=1&shrinkage=0", { token: cast.supervisor.token });
    expect(b.body.agents).toBe(23);
    for (const [q, field] of [
      ["calls=0&ahtSeconds=180", "calls"],
      ["calls=-3&ahtSeconds=180", "calls"],
      ["calls=100&ahtSeconds=-1", "ahtSeconds"],
      ["calls=100&ahtSeconds=180&serviceLevel=1", "serviceLevel"],
      ["calls=100&ahtSeconds=180&serviceLevel=0", "serviceLevel"],
      ["calls=100&ahtSeconds=180&intervalMinutes=0", "intervalMinutes"],
      ["calls=abc&ahtSeconds=180", "calls"],
    ]) {
      const res = await t.call("GET", `/api/call-center/erlang-c?${q}`, { token: cast.supervisor.token });
      expect(res.status, q).toBe(400);
      expect(res.body.error.fields.map((f: any) => f.field), q).toContain(field);
    }
  });

  it("forecasts a date per half hour from the same weekdays and plans seats to cover it", async () => {
    // Three Mondays of history: 10:00–10:30 busy (20 calls), 14:00–14:30 quieter (6).
    const rows: Array<[string, string, number | null, number, string]> = [];
    for (const d of ["2025-02-10", "2025-02-17", "2025-02-24"]) {
      for (let i = 0; i < 20; i++) rows.push([d, `10:${String(i).padStart(2, "0")}:30`, 5, 180, cast.operator.username]);
      for (let i = 0; i < 6; i++) rows.push([d, `14:${String(i * 4).padStart(2, "0")}:00`, 5, 180, op2.username]);
    }
    expect((await csvPost(csvOf("hist", rows), t.adminToken)).status).toBe(201);
    const res = await t.call("GET", "/api/call-center/staffing?date=2025-03-03&serviceLevel=0.8&targetSeconds=20", { token: cast.supervisor.token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.dayKind).toBe("workday");
    expect(res.body.referenceDates.slice(0, 3)).toEqual(["2025-02-24", "2025-02-17", "2025-02-10"]);
    expect(res.body.intervals).toHaveLength(48);
    const ten = res.body.intervals.find((i: any) => i.start === "2025-03-03T10:00:00+08:00");
    const two = res.body.intervals.find((i: any) => i.start === "2025-03-03T14:00:00+08:00");
    expect(ten.forecastCalls).toBeGreaterThan(two.forecastCalls);
    expect(ten.agents).toBeGreaterThan(two.agents);
    expect(ten.scheduledAgents).toBeGreaterThanOrEqual(ten.agents);
    for (const i of res.body.intervals) expect(i.plannedSeats).toBeGreaterThanOrEqual(i.scheduledAgents);
    expect(res.body.shifts.length).toBeGreaterThan(0);
    expect((await t.call("GET", "/api/call-center/staffing?date=2025-03-03&serviceLevel=2", { token: cast.supervisor.token })).status).toBe(400);
  });

  it("samples each operator's month reproducibly, scores reviews, flags three failures in a row; operators see their own", async () => {
    const rows: Array<[string, string, number | null, number, string]> = [];
    for (let d = 1; d <= 9; d++) {
      for (const h of ["02", "09", "18"]) {
        rows.push([`2025-01-0${d}`, `${h}:00:00`, 4, 120, cast.operator.username]);
        rows.push([`2025-01-0${d}`, `${h}:30:00`, 4, 120, op2.username]);
      }
    }
    expect((await csvPost(csvOf("qa", rows), t.adminToken)).status).toBe(201);
    const first = await t.call("POST", "/api/qa/samples", { token: qa.token, body: { month: "2025-01", perOperator: 4 } });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body.items).toHaveLength(8);
    const second = await t.call("POST", "/api/qa/samples", { token: qa.token, body: { month: "2025-01", perOperator: 4 } });
    expect(second.body.items).toEqual(first.body.items);
    const perShift = first.body.sample.filter((s: any) => s.operatorId === cast.operator.id).map((s: any) => s.shift);
    expect(new Set(perShift).size).toBe(3); // every shift the operator worked is sampled
    expect((await t.call("POST", "/api/qa/samples", { token: qa.token, body: { month: "2025-01", perOperator: 4, seed: "another" } })).body.items).not.toEqual(first.body.items);
    expect((await t.call("POST", "/api/qa/samples", { token: cast.operator.token, body: { month: "2025-01" } })).status).toBe(403);

    const samples = await t.call("GET", "/api/qa/samples?month=2025-01&limit=100", { token: qa.token });
    const mine = samples.body.items.filter((s: any) => s.call.operator.id === cast.operator.id).sort((a: any, b: any) => a.call.startedAt.localeCompare(b.call.startedAt));
    expect(mine.length).toBeGreaterThanOrEqual(4);
    expect(mine[0].call.recordingUrl).toBeNull();
    const review = (callId: number, score: number, comment?: string) => t.call("POST", "/api/qa/reviews", { token: qa.token, body: { callId, scores: { wording: score, tone: score, correctness: score, completeness: score }, comment } });
    // The earliest call passes; the three after it fail: three in a row → flagged (rule 41).
    const good = await review(mine[0].call.id, 95, "用语规范");
    expect(good.status).toBe(201);
    expect(good.body).toMatchObject({ total: 95, passed: true });
    expect((await review(mine[0].call.id, 50)).status).toBe(409);
    for (const s of mine.slice(1, 3)) expect((await review(s.call.id, 60, "答复不完整")).body).toMatchObject({ total: 60, passed: false });
    let row = (await t.call("GET", "/api/qa/operators?month=2025-01", { token: qa.token })).body.rows.find((r: any) => r.operator === cast.operator.username);
    expect(row).toMatchObject({ reviews: 3, consecutiveFailures: 2, flagged: false });
    expect((await review(mine[3].call.id, 70)).body.passed).toBe(false);
    const summary = await t.call("GET", "/api/qa/operators?month=2025-01", { token: qa.token });
    expect(summary.status).toBe(200);
    row = summary.body.rows.find((r: any) => r.operator === cast.operator.username);
    expect(row).toMatchObject({ reviews: 4, failed: 3, passed: 1, consecutiveFailures: 3, flagged: true });
    expect(row.averageScore).toBeCloseTo((95 + 60 + 60 + 70) / 4, 1);
    expect(summary.body.rows.find((r: any) => r.operator === op2.username)).toMatchObject({ reviews: 0, consecutiveFailures: 0, flagged: false });

    const bad = await t.call("POST", "/api/qa/reviews", { token: qa.token, body: { callId: mine[1].call.id, scores: { wording: 120, tone: -1 } } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: any) => f.field)).toEqual(expect.arrayContaining(["scores.wording", "scores.tone", "scores.correctness"]));

    // Training beside the results.
    expect((await t.call("POST", "/api/training-records", { token: qa.token, body: { operatorId: cast.operator.id, kind: "induction", title: "岗前培训", date: "2025-01-02", days: 20, attended: true } })).status).toBe(201);
    expect((await t.call("POST", "/api/training-records", { token: qa.token, body: { operatorId: cast.operator.id, kind: "weekly", title: "周例会", date: "2025-01-06", attended: false } })).status).toBe(201);
    const withTraining = (await t.call("GET", "/api/qa/operators?month=2025-01", { token: qa.token })).body.rows.find((r: any) => r.operator === cast.operator.username);
    expect(withTraining.training).toMatchObject({ inductionDays: 20, inductionComplete: true, weeklyAttended: 0, weeklyHeld: 1 });

    // An operator sees only their own results and reviews.
    const own = await t.call("GET", "/api/qa/operators?month=2025-01", { token: op2.token });
    expect(own.body.rows.map((r: any) => r.operator)).toEqual([op2.username]);
    expect((await t.call("GET", "/api/qa/reviews?month=2025-01", { token: op2.token })).body.items).toEqual([]);
    expect((await t.call("GET", "/api/qa/reviews?month=2025-01", { token: cast.operator.token })).body.items).toHaveLength(4);

    const xlsx = await fetch(`${t.url}/api/qa/export.xlsx?month=2025-01`, { headers: { authorization: `Bearer ${qa.token}` } });
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get("content-type")).toContain("spreadsheetml");
    expect((await fetch(`${t.url}/api/qa/export.xlsx?month=2025-01`, { headers: { authorization: `Bearer ${op2.token}` } })).status).toBe(403);
  });

  it("links the call the operator is on to the ticket taken (/intake?callId=)", async () => {
    const call = await withKey("POST", "/api/calls", { externalId: "cti-intake", startedAt: at("2025-03-03", "08:50:00"), answeredAt: at("2025-03-03", "08:50:05"), endedAt: at("2025-03-03", "08:55:00"), operator: cast.operator.username });
    const ticket = await t.ticket(cast.operator.token, { callId: call.body.id });
    const linked = await t.call("GET", `/api/calls?ticketId=${ticket.id}`, { token: t.adminToken });
    expect(linked.body.items.map((c: any) => c.id)).toEqual([call.body.id]);
    expect(linked.body.items[0].ticket).toMatchObject({ id: ticket.id, number: ticket.number });
    const res = await t.call("POST", "/api/tickets", { token: cast.operator.token, body: { channel: "phone", requester: { phone: "13800000000" }, title: "t", content: "c", callId: 987654 } });
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe("callId");
  });
});
