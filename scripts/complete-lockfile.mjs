// The npm registry reachable from our build machines serves only the Linux x64 builds of packages that
// ship one native package per platform (rollup, esbuild, …). `npm install` then leaves the other
// platforms' optional packages out of package-lock.json, and `npm ci` refuses the lock as out of sync.
// This adds a lock entry for each missing optional platform package, marked with the os/cpu its name
// states, so `npm ci` skips it on this platform instead of fetching it. Run after `npm install`.
import { readFileSync, writeFileSync } from "node:fs";

const OS = ["android", "darwin", "freebsd", "linux", "win32", "openbsd", "netbsd", "sunos", "aix", "openharmony", "cygwin"];
const CPU = { arm64: "arm64", aarch64: "arm64", x64: "x64", ia32: "ia32", arm: "arm", loong64: "loong64", ppc64: "ppc64", riscv64: "riscv64", s390x: "s390x", mips64el: "mips64el", wasm32: "wasm32" };

const file = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(readFileSync(file, "utf8"));
let added = 0;
for (const [path, pkg] of Object.entries(lock.packages)) {
  for (const [name, version] of Object.entries(pkg.optionalDependencies ?? {})) {
    const here = `${path ? `${path}/` : ""}node_modules/${name}`;
    if (lock.packages[here] || lock.packages[`node_modules/${name}`]) continue;
    const tokens = name.split("/").pop().split("-");
    const os = tokens.find((t) => OS.includes(t)) ?? (tokens.includes("win32") ? "win32" : undefined);
    const cpu = tokens.map((t) => CPU[t]).find(Boolean);
    if (!os && !cpu) continue; // not a platform package: leave it to npm
    const entry = { version, optional: true };
    if (pkg.dev) entry.dev = true;
    if (os) entry.os = [os];
    if (cpu) entry.cpu = [cpu];
    if (tokens.includes("musl")) entry.libc = ["musl"];
    else if (tokens.includes("gnu") || tokens.includes("gnueabihf")) entry.libc = ["glibc"];
    lock.packages[`node_modules/${name}`] = entry;
    added++;
  }
}
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a < b ? -1 : a > b ? 1 : 0)));
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`added ${added} optional platform entries`);
