import { defineConfig } from "vitest/config";

/** `npm run test:e2e`: only the browser tests, with room for a cold build and a headless Chromium. */
export default defineConfig({
  test: {
    include: ["test/e2e/**/*.test.ts"],
    testTimeout: 180_000,
    hookTimeout: 300_000,
    pool: "forks",
    env: { TZ: process.env.TZ ?? "UTC" },
  },
});
