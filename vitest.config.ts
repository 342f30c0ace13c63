import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/domain/**/*.test.ts", "test/api/**/*.test.ts", "test/e2e/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    env: { TZ: process.env.TZ ?? "UTC" },
  },
});
