/**
 * Highlighted snippets (issue 14): a window of the entry's plain text around the first query word it holds,
 * HTML-escaped, each query word wrapped in <mark>. Pure.
 */

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** The window's length in characters. */
export const SNIPPET_LENGTH = 90;

export function snippet(text: string, terms: readonly string[], length = SNIPPET_LENGTH): string {
  const plain = text.replace(/\s+/g, " ").trim();
  const lower = plain.normalize("NFKC").toLowerCase();
  const words = [...new Set(terms.filter((t) => t.length > 0))].sort((a, b) => b.length - a.length);
  let first = -1;
  for (const w of words) {
    const i = lower.indexOf(w);
    if (i >= 0 && (first < 0 || i < first)) first = i;
  }
  const start = first < 0 ? 0 : Math.max(0, first - Math.floor(length / 4));
  const end = Math.min(plain.length, start + length);
  const piece = plain.slice(start, end);
  const pieceLower = lower.slice(start, end);
  // Mark every occurrence of every word (longest first, never overlapping).
  const marks: Array<[number, number]> = [];
  for (const w of words) {
    let i = pieceLower.indexOf(w);
    while (i >= 0) {
      if (!marks.some(([a, b]) => i < b && i + w.length > a)) marks.push([i, i + w.length]);
      i = pieceLower.indexOf(w, i + w.length);
    }
  }
  marks.sort((a, b) => a[0] - b[0]);
  let out = start > 0 ? "…" : "";
  let at = 0;
  for (const [a, b] of marks) {
    out += escapeHtml(piece.slice(at, a)) + "<mark>" + escapeHtml(piece.slice(a, b)) + "</mark>";
    at = b;
  }
  out += escapeHtml(piece.slice(at)) + (end < plain.length ? "…" : "");
  return out;
}
