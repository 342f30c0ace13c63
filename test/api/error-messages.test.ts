import { describe, expect, it } from "vitest";
import { ERROR_CODES } from "../../src/domain/errors.js";
import { EDGE_ERROR_CODES } from "../../src/http/error-handler.js";
import { ERROR_MESSAGES } from "../../web/src/api/errors.js";

/** Every code the server can send has a Chinese message in the web, and the web has none for a code it never sends. */
describe("the web's Chinese error messages", () => {
  const server = [...ERROR_CODES, ...EDGE_ERROR_CODES].sort();

  it("cover every code the server can send", () => {
    const messages = ERROR_MESSAGES as Record<string, string | undefined>;
    expect(server.filter((code) => !messages[code]?.trim())).toEqual([]);
  });

  it("name no code the server never sends", () => {
    expect(Object.keys(ERROR_MESSAGES).filter((code) => !server.includes(code as (typeof server)[number]))).toEqual([]);
  });

  it("are Chinese", () => {
    expect(Object.entries(ERROR_MESSAGES).filter(([, m]) => !/[\u4e00-\u9fff]/.test(m)).map(([c]) => c)).toEqual([]);
  });
});
