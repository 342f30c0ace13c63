/**
 * Which settings differ between two policies, as dotted paths (`reply.urgent`, `replySignOff`).
 * A limit counts as one setting. Used for the audit trail of policy changes and for the presets'
 * "changes only what its source cites" check.
 */
export function changedSettings(before: unknown, after: unknown, prefix = ""): string[] {
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  if (isLeaf(before) || isLeaf(after)) return [prefix || "settings"];
  const a = before as Record<string, unknown>;
  const b = after as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return keys.flatMap((k) => changedSettings(a[k], b[k], prefix ? `${prefix}.${k}` : k));
}

function isLeaf(v: unknown): boolean {
  return v === null || v === undefined || typeof v !== "object" || Array.isArray(v) || "workingDays" in v || "hours" in v;
}
