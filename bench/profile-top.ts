/**
 * `npx tsx bench/profile-top.ts <file.cpuprofile> [--top 40] [--by package|function] [--filter text] [--from-s S]`
 *
 * Reads a V8 CPU profile (`node --cpu-prof`, e.g. the server under `BENCH_SERVER_NODE_OPTIONS="--cpu-prof
 * --cpu-prof-dir=DIR" npm run bench -- --only intake`) and prints where the time went: self time and total
 * (inclusive) time per function, or per package (node_modules/<pkg>, src/<module>, node internals), as
 * percentages of the sampled time. A function that recurses counts once in its total. `--from-s S` leaves out
 * the first S seconds (the server's start: module loading, migrations). docs/SCALING.md
 * "Intake ratio" shows what it found.
 */
import { readFileSync } from "node:fs";
import { parseArgs, intFlag } from "./lib/args.js";

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a frame lives: a package of node_modules, a folder of src/, or node's internals. */
function packageOf(url: string): string {
  if (!url) return "(native/vm)";
  if (url.startsWith("node:")) return url;
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1]!;
  const src = /\/dist\/(.+)\/[^/]+\.js$/.exec(url) ?? /\/src\/(.+)\/[^/]+\.ts$/.exec(url);
  if (src) return `app:${src[1]}`;
  return url.replace(/^file:\/\//, "");
}

function keyOf(frame: CallFrame, by: string): string {
  if (/^\(.*\)$/.test(frame.functionName)) return frame.functionName; // (idle), (program), (garbage collector), (root)
  if (by === "package") return packageOf(frame.url);
  const file = frame.url.replace(/^file:\/\/.*\/(node_modules|dist|src)\//, "$1/");
  return `${frame.functionName || "(anonymous)"} ${file}:${frame.lineNumber + 1}`;
}

function main(): void {
  const argv = process.argv.slice(2);
  const file = argv.find((a) => !a.startsWith("--"));
  if (!file) throw new Error("usage: profile-top.ts <file.cpuprofile> [--top N] [--by package|function] [--filter text]");
  const args = parseArgs(argv);
  const top = intFlag(args, "top", 40);
  const by = args.get("by") ?? "function";
  const filter = args.get("filter");
  const p = JSON.parse(readFileSync(file, "utf8")) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const fromUs = Number(args.get("from-s") ?? 0) * 1e6;
  const selfUs = new Map<number, number>();
  let clock = 0;
  p.samples.forEach((id, i) => {
    clock += p.timeDeltas[i] ?? 0;
    if (clock >= fromUs) selfUs.set(id, (selfUs.get(id) ?? 0) + (p.timeDeltas[i] ?? 0));
  });
  let totalUs = 0;
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  for (const [id, us] of selfUs) {
    totalUs += us;
    const node = byId.get(id)!;
    const k = keyOf(node.callFrame, by);
    self.set(k, (self.get(k) ?? 0) + us);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const key = keyOf(byId.get(cur)!.callFrame, by);
      if (seen.has(key)) continue;
      seen.add(key);
      total.set(key, (total.get(key) ?? 0) + us);
    }
  }
  const idle = [...self].filter(([k]) => k.startsWith("(idle)")).reduce((s, [, v]) => s + v, 0);
  const busy = totalUs - idle;
  const pct = (us: number) => `${((100 * us) / busy).toFixed(1).padStart(5)} %`;
  process.stdout.write(`${file}: ${(totalUs / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s busy (percentages of busy)\n`);
  const print = (title: string, m: Map<string, number>) => {
    process.stdout.write(`\n${title}\n`);
    const rows = [...m].filter(([k]) => !k.startsWith("(idle)") && (!filter || k.includes(filter))).sort((a, b) => b[1] - a[1]);
    for (const [k, us] of rows.slice(0, top)) process.stdout.write(`${pct(us)}  ${k}\n`);
  };
  print(`self time by ${by}`, self);
  print(`total time by ${by}`, total);
}

main();
