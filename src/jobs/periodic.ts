/**
 * Runs `run` once after `firstAfterMs`, then every `intervalMs`, never two runs at once in this process
 * (a run still going when the next tick comes is not doubled). The timers do not keep the process alive.
 * Returns the function that stops it. `run` handles its own errors.
 */
export function startPeriodic(run: () => Promise<void>, intervalMs: number, firstAfterMs: number): () => void {
  let running = false;
  const tick = () => {
    if (running) return;
    running = true;
    run().finally(() => {
      running = false;
    });
  };
  const first = setTimeout(tick, Math.min(intervalMs, firstAfterMs));
  const timer = setInterval(tick, intervalMs);
  first.unref();
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
