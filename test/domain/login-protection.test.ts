import { describe, expect, it, vi } from "vitest";
import { passwordProblem } from "../../src/domain/auth/password-policy.js";
import { LruMap } from "../../src/http/lru-map.js";
import { checkCredentials, dummyHash } from "../../src/modules/auth/credentials.js";
import { DEFAULT_THROTTLE, LoginThrottle } from "../../src/modules/auth/login-throttle.js";
import { hashPassword } from "../../src/modules/auth/password.js";

describe("password policy (issue 12 item 11)", () => {
  it.each([
    ["12345678", "zhang", "at least 10"],
    ["short-pw1", "zhang", "at least 10"],
    ["zhangsan-2025", "zhangsan", "username"],
    ["ZhangSan2025!", "zhangsan", "username"],
    ["operator01", "OPERATOR01", "username"],
    ["1234567890", "zhang", "commonly used"],
    ["Password123", "zhang", "commonly used"],
    ["QWERTYUIOP", "zhang", "commonly used"],
    ["huying12345", "zhang", "commonly used"],
  ])("refuses %j for %s (%s)", (password, username, why) => {
    expect(passwordProblem(password, username)).toContain(why);
  });

  it.each([
    ["password-123", "u1_abc"],
    ["hotline-root-1", "admin"],
    ["huying-demo", "operator"],
    ["夜班热线接听员甲乙丙丁", "li"],
  ])("accepts %j for %s", (password, username) => {
    expect(passwordProblem(password, username)).toBeNull();
  });
});

describe("LruMap", () => {
  it("never holds more than its cap and drops the least recently used", () => {
    const m = new LruMap<string, number>(3);
    m.set("a", 1);
    m.set("b", 2);
    m.set("c", 3);
    m.get("a");
    m.set("d", 4);
    expect(m.size).toBe(3);
    expect(m.get("b")).toBeUndefined();
    expect(m.get("a")).toBe(1);
  });
});

describe("login throttle (issue 12 item 4)", () => {
  it("a flood of 60,000 failed logins (each a new username and address) keeps the tables at their cap", () => {
    const throttle = new LoginThrottle({ ...DEFAULT_THROTTLE, maxEntries: 1_000 });
    const now = Date.UTC(2025, 2, 3);
    for (let i = 0; i < 60_000; i++) {
      throttle.waitMs(`user${i}`, `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, now + i);
      throttle.recordFailure(`user${i}`, `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, now + i);
    }
    expect(throttle.size).toBeLessThanOrEqual(3 * 1_000);
  });

  it("the default cap bounds the memory of 60,000 distinct failures too", () => {
    const throttle = new LoginThrottle();
    for (let i = 0; i < 60_000; i++) throttle.recordFailure(`user${i}`, `addr${i}`, 1_000_000 + i);
    expect(throttle.size).toBeLessThanOrEqual(3 * DEFAULT_THROTTLE.maxEntries);
  });

  it("slows an account down after 5 failures, doubling the wait but never past 30 s", () => {
    const throttle = new LoginThrottle();
    let now = 1_000_000;
    for (let i = 0; i < 5; i++) throttle.recordFailure("zhang", "a1", now);
    expect(throttle.waitMs("zhang", "a2", now)).toBe(1_000);
    const waits: number[] = [];
    for (let i = 0; i < 12; i++) {
      now += throttle.waitMs("zhang", "a2", now);
      throttle.recordFailure("zhang", `other${i}`, now);
      waits.push(throttle.waitMs("zhang", "a2", now));
    }
    expect(waits.slice(0, 5)).toEqual([2_000, 4_000, 8_000, 16_000, 30_000]);
    expect(Math.max(...waits)).toBe(30_000);
  });

  it("an address that logged in to the account before is not held back by the account's wait", () => {
    const throttle = new LoginThrottle();
    const now = 1_000_000;
    throttle.recordSuccess("zhang", "office", now);
    for (let i = 0; i < 20; i++) throttle.recordFailure("zhang", `attacker${i}`, now + i);
    expect(throttle.waitMs("zhang", "office", now + 20)).toBe(0);
    expect(throttle.waitMs("zhang", "elsewhere", now + 20)).toBeGreaterThan(0);
  });

  it("slows one address down after 10 failures, whatever usernames it tries", () => {
    const throttle = new LoginThrottle();
    const now = 1_000_000;
    for (let i = 0; i < 10; i++) throttle.recordFailure(`name${i}`, "sprayer", now);
    expect(throttle.waitMs("someone-new", "sprayer", now)).toBe(1_000);
    expect(throttle.waitMs("someone-new", "elsewhere", now)).toBe(0);
  });

  it("forgets failures after the window", () => {
    const throttle = new LoginThrottle();
    for (let i = 0; i < 8; i++) throttle.recordFailure("zhang", "a1", 1_000_000);
    expect(throttle.waitMs("zhang", "a1", 1_000_000 + DEFAULT_THROTTLE.windowMs)).toBe(0);
  });
});

describe("credentials (issue 12 item 10)", () => {
  it("an unknown or inactive user is verified against the dummy hash, not answered at once", async () => {
    const verify = vi.fn(async () => false);
    expect(await checkCredentials(undefined, "guess-1", verify)).toBe(false);
    expect(await checkCredentials({ password_hash: "real", active: false }, "guess-2", verify)).toBe(false);
    const dummy = await dummyHash();
    expect(verify).toHaveBeenCalledTimes(2);
    expect(verify).toHaveBeenNthCalledWith(1, dummy, "guess-1");
    expect(verify).toHaveBeenNthCalledWith(2, dummy, "guess-2");
    expect(dummy).toMatch(/^\$argon2id\$/);
  });

  it("a real user's password is verified against their own hash", async () => {
    const hash = await hashPassword("correct-horse-1");
    expect(await checkCredentials({ password_hash: hash, active: true }, "correct-horse-1")).toBe(true);
    expect(await checkCredentials({ password_hash: hash, active: true }, "wrong-horse-1")).toBe(false);
  });
});
