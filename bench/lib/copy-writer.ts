import type { Writable } from "node:stream";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";

/** A value as PostgreSQL's COPY text format takes it; numbers in a `ts` slot are epoch milliseconds. */
export type CopyValue = string | number | boolean | null | readonly number[];

/** Escapes one text field for COPY ... FROM STDIN (text format): backslash, tab, newline, CR. */
export function escapeCopyText(s: string): string {
  return /[\\\t\n\r]/.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => (c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r")) : s;
}

/** ISO time of epoch ms, or \N. */
export function ts(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? "\\N" : new Date(ms).toISOString();
}

/** One COPY line from already-formatted fields (use `text`, `ts`, `bool`, `num`, `intArray`). */
export function copyLine(fields: readonly string[]): string {
  return fields.join("\t") + "\n";
}

export const text = (s: string | null | undefined): string => (s === null || s === undefined ? "\\N" : escapeCopyText(s));
export const bool = (b: boolean): string => (b ? "t" : "f");
export const num = (n: number | null | undefined): string => (n === null || n === undefined ? "\\N" : String(n));
export const intArray = (a: readonly number[]): string => `{${a.join(",")}}`;

/**
 * A COPY stream into one table on its own connection, buffered: lines are joined into ~1 MB chunks and
 * written with back-pressure, so generation and PostgreSQL's ingestion overlap.
 */
export class TableCopier {
  private buffer: string[] = [];
  private bytes = 0;
  private stream: Writable | null = null;
  private done: Promise<void> | null = null;
  rows = 0;

  constructor(
    private readonly client: pg.PoolClient | pg.Client,
    readonly table: string,
    readonly columns: readonly string[],
  ) {}

  async open(): Promise<void> {
    const stream = this.client.query(copyFrom(`COPY ${this.table} (${this.columns.join(", ")}) FROM STDIN`));
    this.done = new Promise<void>((resolve, reject) => {
      stream.on("finish", () => resolve());
      stream.on("error", reject);
    });
    this.stream = stream;
  }

  push(line: string): void {
    this.buffer.push(line);
    this.bytes += line.length;
    this.rows++;
  }

  /** Writes the buffer if it is large enough (or `force`), waiting for the server when it falls behind. */
  async flush(force = false): Promise<void> {
    if (!this.stream) throw new Error(`COPY ${this.table} not open`);
    if (!force && this.bytes < 1 << 20) return;
    if (this.buffer.length === 0) return;
    const chunk = this.buffer.join("");
    this.buffer = [];
    this.bytes = 0;
    if (!this.stream.write(chunk)) {
      const stream = this.stream;
      await new Promise<void>((resolve, reject) => {
        stream.once("drain", resolve);
        stream.once("error", reject);
      });
    }
  }

  async close(): Promise<void> {
    await this.flush(true);
    this.stream?.end();
    await this.done;
  }
}
