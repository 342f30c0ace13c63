import type { FastifyInstance } from "fastify";
import { invalid } from "../domain/errors.js";

/**
 * The dotted path of the first string (or key) holding U+0000 in a parsed request part, or null. A loop,
 * not recursion, so a body of 20 000 nested arrays cannot overflow the stack. A clean part (nearly every
 * request) costs one allocation-free walk (hasNul); paths are built only once a NUL is known to be there.
 */
export function findNul(value: unknown): string[] | null {
  if (!hasNul(value)) return null;
  interface Node {
    item: unknown;
    key: string | null;
    parent: Node | null;
  }
  const pathOf = (node: Node | null, key?: string): string[] => {
    const path = key === undefined ? [] : [key];
    for (let n = node; n && n.key !== null; n = n.parent) path.unshift(n.key);
    return path;
  };
  const stack: Node[] = [{ item: value, key: null, parent: null }];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (typeof node.item === "string") {
      if (node.item.includes("\u0000")) return pathOf(node);
    } else if (node.item !== null && typeof node.item === "object") {
      const entries = Object.entries(node.item);
      for (const [key] of entries) if (key.includes("\u0000")) return pathOf(node, key);
      for (let i = entries.length - 1; i >= 0; i--) stack.push({ item: entries[i]![1], key: entries[i]![0], parent: node });
    }
  }
  return null;
}

/** Whether any string or key inside a parsed request part holds U+0000 (values only, no paths built). */
function hasNul(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (typeof item === "string") {
      if (item.includes("\u0000")) return true;
    } else if (item !== null && typeof item === "object") {
      if (Array.isArray(item)) {
        for (const element of item) stack.push(element);
      } else {
        for (const key of Object.keys(item)) {
          if (key.includes("\u0000")) return true;
          stack.push((item as Record<string, unknown>)[key]);
        }
      }
    }
  }
  return false;
}

/**
 * PostgreSQL text cannot hold a NUL character (U+0000, "\u0000" in JSON, %00 in a URL): one that reached
 * the database came back as a 500. Every route's path, query and JSON body are checked before schema
 * validation, and a NUL is a 400 naming the field.
 */
export function registerNulGuard(app: FastifyInstance): void {
  app.addHook("preValidation", async (request) => {
    for (const part of [request.params, request.query, request.body]) {
      const path = findNul(part);
      if (path) throw invalid(path.join(".") || "body", "must not contain NUL (U+0000) characters");
    }
  });
}
