/** Minimal `--flag value` / `--flag` parser for the bench CLIs. */
export function parseArgs(argv: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith("--")) continue;
    const eq = a.indexOf("=");
    if (eq > 0) out.set(a.slice(2, eq), a.slice(eq + 1));
    else if (i + 1 < argv.length && !argv[i + 1].startsWith("--")) out.set(a.slice(2), argv[++i]);
    else out.set(a.slice(2), "true");
  }
  return out;
}

/** Reads a positive integer flag; accepts 1000000, 1_000_000, 1e6, 1M, 200k. */
export function intFlag(args: Map<string, string>, name: string, fallback: number): number {
  const raw = args.get(name);
  if (raw === undefined) return fallback;
  const m = /^([\d._e+]+)([kKmM]?)$/.exec(raw.trim());
  const base = m ? Number(m[1].replace(/_/g, "")) : NaN;
  const value = m && m[2] ? base * (m[2].toLowerCase() === "k" ? 1e3 : 1e6) : base;
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name}: not a number: ${raw}`);
  return Math.round(value);
}
