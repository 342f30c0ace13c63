/**
 * GeoReport v2 answers as JSON or XML (the specification's element names): arrays of records become
 * `<root><item>…</item></root>`, nested arrays (attribute values, notes, formats) their own wrapper elements. Pure.
 */
export type Format = "json" | "xml";

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Child element names of the nested arrays the specification defines. */
const ITEM_OF: Record<string, string> = { attributes: "attribute", values: "value", endpoints: "endpoint", formats: "format", notes: "note", errors: "error" };

function element(name: string, value: unknown): string {
  if (value === null || value === undefined) return `<${name}/>`;
  if (Array.isArray(value)) {
    const item = ITEM_OF[name] ?? "item";
    return `<${name}>${value.map((v) => element(item, v)).join("")}</${name}>`;
  }
  if (typeof value === "object") return `<${name}>${Object.entries(value as Record<string, unknown>).map(([k, v]) => element(k, v)).join("")}</${name}>`;
  return `<${name}>${esc(String(value))}</${name}>`;
}

/** `root` wraps the array's `item`s (services/service, service_requests/request) or one object (discovery, service_definition). */
export function toXml(root: string, item: string | null, value: unknown): string {
  const body = Array.isArray(value) && item ? `<${root}>${value.map((v) => element(item, v)).join("")}</${root}>` : element(root, value);
  return `<?xml version="1.0" encoding="utf-8"?>\n${body}`;
}

/** The specification's error answer: [{code, description}] / <errors><error>…</error></errors>. */
export function errorBody(format: Format, status: number, description: string): { type: string; body: string } {
  const list = [{ code: status, description }];
  return format === "xml"
    ? { type: "text/xml; charset=utf-8", body: toXml("errors", "error", list) }
    : { type: "application/json; charset=utf-8", body: JSON.stringify(list) };
}
