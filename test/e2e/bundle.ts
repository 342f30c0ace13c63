import { execSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";

/** True when web/dist is missing or older than a source file of the workbench (so no browser test runs old UI). */
function bundleIsStale(): boolean {
  const dist = join(process.cwd(), "web", "dist", "index.html");
  if (!existsSync(dist)) return true;
  const built = statSync(dist).mtimeMs;
  const newer = (dir: string): boolean =>
    readdirSync(dir, { withFileTypes: true }).some((e) =>
      e.isDirectory() ? newer(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs > built,
    );
  return newer(join(process.cwd(), "web", "src")) || statSync(join(process.cwd(), "web", "index.html")).mtimeMs > built;
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Builds the web bundle when it is stale, once across the browser test files that run in parallel: the first
 * file takes a lock folder and builds, the others wait for it and then find the bundle fresh.
 */
export function ensureBundle(): void {
  const lock = join(process.cwd(), "web", ".build-lock");
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock older than 10 minutes belongs to a run that died.
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 600_000) rmSync(lock, { recursive: true, force: true });
      else sleep(500);
    }
  }
  try {
    // vitest sets NODE_ENV=test, which would make vite emit a development bundle (React/antd dev warnings).
    if (bundleIsStale()) execSync("npm run build:web", { stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
