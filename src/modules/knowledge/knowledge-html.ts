import sanitizeHtml from "sanitize-html";

/**
 * Entry bodies are rich text (issue 14 "Bad input"): only an allow-list of tags and attributes survives;
 * scripts, iframes, styles and every on* attribute are removed with their content where they carry code.
 */
const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ["p", "br", "strong", "b", "em", "i", "u", "s", "ul", "ol", "li", "h3", "h4", "blockquote", "table", "thead", "tbody", "tr", "th", "td", "a", "span"],
  allowedAttributes: { a: ["href", "title"], td: ["colspan", "rowspan"], th: ["colspan", "rowspan"] },
  allowedSchemes: ["http", "https", "mailto", "tel"],
  allowProtocolRelative: false,
  disallowedTagsMode: "discard",
  nonTextTags: ["script", "style", "textarea", "option", "noscript", "iframe", "object", "embed"],
  transformTags: { a: sanitizeHtml.simpleTransform("a", { rel: "noopener noreferrer" }) },
};

/** The body as stored: sanitised HTML. */
export function sanitiseBody(html: string): string {
  return sanitizeHtml(html, OPTIONS).trim();
}

/** The body as plain text (search index, snippets, the answer inserted into a reply). */
export function plainText(html: string): string {
  return sanitizeHtml(html.replace(/<(br|\/p|\/li|\/h3|\/h4|\/tr)\s*\/?>/gi, "$&\n"), { allowedTags: [], allowedAttributes: {} })
    .replace(/&nbsp;/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/[ \t]+/g, " ")
    .replace(/\n\s*\n+/g, "\n")
    .trim();
}
