import { describe, expect, it } from "vitest";
import { standardServer } from "./helpers.js";

/**
 * A unit's duty phone (issue 16: urgent-dispatch SMS go to it; docs/CHANNELS.md "SMS"): set on create and
 * edit by the admin, validated as a mobile number, read in full by the center and the unit itself, masked
 * for everyone else; changes are audited without the number. Both engines. The SMS itself: channels-messages.
 */
describe("unit duty phone", () => {
  const file = standardServer();

  const unitAs = async (token: string, id: number) => (await file.t.call("GET", "/api/units", { token })).body.find((u: any) => u.id === id);

  it("is set on create, normalised, and cleared or changed by PATCH", async () => {
    const created = await file.t.call("POST", "/api/units", { token: file.t.adminToken, body: { name: "值班测试局", kind: "department", dutyPhone: "138 1234 5678" } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "值班测试局", dutyPhone: "13812345678" });
    const plain = await file.t.call("POST", "/api/units", { token: file.t.adminToken, body: { name: "无值班电话局", kind: "department" } });
    expect(plain.body.dutyPhone).toBeNull();
    const changed = await file.t.call("PATCH", `/api/units/${created.body.id}`, { token: file.t.adminToken, body: { dutyPhone: "+8613987654321" } });
    expect(changed.status).toBe(200);
    expect(changed.body.dutyPhone).toBe("13987654321");
    expect((await unitAs(file.t.adminToken, created.body.id)).dutyPhone).toBe("13987654321");
    const cleared = await file.t.call("PATCH", `/api/units/${created.body.id}`, { token: file.t.adminToken, body: { dutyPhone: null } });
    expect(cleared.body.dutyPhone).toBeNull();
    // another field alone leaves it as it is
    await file.t.call("PATCH", `/api/units/${plain.body.id}`, { token: file.t.adminToken, body: { dutyPhone: "13700001111" } });
    expect((await file.t.call("PATCH", `/api/units/${plain.body.id}`, { token: file.t.adminToken, body: { region: "东城区" } })).body.dutyPhone).toBe("13700001111");
  });

  it("400 names dutyPhone for what is not a mobile number; 403 before 400 for non-admins", async () => {
    for (const bad of ["0571-88889999", "12345", "1381234567x", "2381234567", "138123456789", "", "<script>"]) {
      const res = await file.t.call("POST", "/api/units", { token: file.t.adminToken, body: { name: `坏号码${bad}`, kind: "department", dutyPhone: bad } });
      expect(res.status, bad).toBe(400);
      expect(JSON.stringify(res.body), bad).toContain("dutyPhone");
    }
    const patch = await file.t.call("PATCH", `/api/units/${file.cast.unitA.id}`, { token: file.t.adminToken, body: { dutyPhone: "110" } });
    expect(patch.status).toBe(400);
    expect(JSON.stringify(patch.body)).toContain("dutyPhone");
    expect((await file.t.call("PATCH", `/api/units/${file.cast.unitA.id}`, { token: file.cast.dispatcher.token, body: { dutyPhone: "110" } })).status).toBe(403);
    expect((await file.t.call("POST", "/api/units", { token: file.cast.leaderA.token, body: { name: "x", kind: "department", dutyPhone: "bad" } })).status).toBe(403);
  });

  it("is read in full by the center and the unit's own users, masked for other units and viewers", async () => {
    await file.t.call("PATCH", `/api/units/${file.cast.unitA.id}`, { token: file.t.adminToken, body: { dutyPhone: "13611112222" } });
    for (const who of [file.t.adminToken, file.cast.dispatcher.token, file.cast.supervisor.token, file.cast.operator.token, file.cast.followUp.token, file.cast.leaderA.token, file.cast.handlerA.token]) {
      expect((await unitAs(who, file.cast.unitA.id)).dutyPhone).toBe("13611112222");
    }
    for (const who of [file.cast.leaderB.token, file.cast.handlerB.token, file.cast.viewer.token]) {
      expect((await unitAs(who, file.cast.unitA.id)).dutyPhone).toBe("136****2222");
    }
  });

  it("every change is audited, with the number masked", async () => {
    await file.t.call("PATCH", `/api/units/${file.cast.unitB.id}`, { token: file.t.adminToken, body: { dutyPhone: "13533334444" } });
    const log = await file.t.call("GET", "/api/audit-log?action=unit.duty_phone_set", { token: file.t.adminToken });
    expect(log.status).toBe(200);
    const entry = log.body.items.find((i: any) => i.targetId === file.cast.unitB.id || i.targetId === String(file.cast.unitB.id));
    expect(entry).toBeTruthy();
    expect(JSON.stringify(log.body)).not.toContain("13533334444");
    expect(JSON.stringify(entry)).toContain("135****4444");
  });
});
