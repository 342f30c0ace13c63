/** Latency summary of a sample, in milliseconds. */
export interface Latency {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentile of a sorted sample. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

export function summarize(samples: readonly number[]): Latency {
  const s = [...samples].sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    n: s.length,
    p50: round(percentile(s, 50)),
    p95: round(percentile(s, 95)),
    p99: round(percentile(s, 99)),
    max: round(s[s.length - 1] ?? NaN),
    mean: round(s.reduce((a, b) => a + b, 0) / Math.max(1, s.length)),
  };
}

/** Runs `fn` `warmup` times untimed, then `runs` times timed, one after another. */
export async function timeRuns(runs: number, warmup: number, fn: (i: number) => Promise<void>): Promise<Latency> {
  for (let i = 0; i < warmup; i++) await fn(i);
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn(i);
    samples.push(performance.now() - t);
  }
  return summarize(samples);
}

/** Runs `workers` loops of `fn` until `durationMs` has passed; returns completed operations per second. */
export async function throughput(workers: number, durationMs: number, fn: (worker: number, i: number) => Promise<void>): Promise<{ ops: number; perSecond: number; errors: number; firstError?: string }> {
  const end = performance.now() + durationMs;
  const started = performance.now();
  let ops = 0;
  let errors = 0;
  let firstError: string | undefined;
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      for (let i = 0; performance.now() < end; i++) {
        try {
          await fn(w, i);
          ops++;
        } catch (err) {
          errors++;
          firstError ??= err instanceof Error ? err.message : String(err);
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { ops, perSecond: ops / seconds, errors, firstError };
}
