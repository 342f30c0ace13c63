/**
 * A simple shift plan covering a day's need (docs/CALL-CENTER.md "Shift plan"): shifts of a fixed
 * length starting on any half hour; greedily, at the first half hour short of seats, start as many
 * shifts as it lacks (the latest start is the one that still ends by midnight, so evening needs are met by
 * shifts ending at 24:00). Seats on duty never fall below the need; the plan is not claimed optimal.
 */
export interface Shift {
  startSlot: number;
  endSlot: number;
  agents: number;
}

export function planShifts(need: readonly number[], shiftSlots = 16): { shifts: Shift[]; planned: number[] } {
  const n = need.length;
  const len = Math.min(shiftSlots, n);
  const planned = new Array<number>(n).fill(0);
  const shifts: Shift[] = [];
  for (let s = 0; s < n; s++) {
    const lack = (need[s] ?? 0) - planned[s]!;
    if (lack <= 0) continue;
    const start = Math.min(s, n - len);
    for (let k = start; k < start + len; k++) planned[k]! += lack;
    const same = shifts.find((x) => x.startSlot === start);
    if (same) same.agents += lack;
    else shifts.push({ startSlot: start, endSlot: start + len, agents: lack });
  }
  return { shifts, planned };
}
