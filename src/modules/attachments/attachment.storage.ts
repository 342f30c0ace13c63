import { createWriteStream } from "node:fs";
import { mkdir, open, readdir, rename, rm, stat } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { FastifyBaseLogger } from "fastify";
import type { Db } from "../../db/database.js";

/**
 * Attachment files under HUYING_DATA_DIR/uploads: `YYYY/<random>.<ext>` once committed. An upload is
 * written to `tmp/<random>.part` first and renamed to its key in the transaction that records it, so a
 * crash leaves at most a temp file or an unreferenced file, which the start-up sweep removes.
 */
export class AttachmentStorage {
  readonly root: string;
  private readonly tmp: string;

  constructor(dataDir: string) {
    this.root = join(dataDir, "uploads");
    this.tmp = join(this.root, "tmp");
  }

  path(key: string): string {
    return join(this.root, key);
  }

  /** Streams an upload to a temp file; the caller commits or discards it. */
  async writeTemp(stream: Readable): Promise<{ tempPath: string; size: number }> {
    await mkdir(this.tmp, { recursive: true });
    const tempPath = join(this.tmp, `${randomBytes(16).toString("hex")}.part`);
    try {
      await pipeline(stream, createWriteStream(tempPath, { flags: "wx" }));
    } catch (err) {
      await rm(tempPath, { force: true });
      throw err;
    }
    return { tempPath, size: (await stat(tempPath)).size };
  }

  /** The first bytes of a file, for sniffing its type. */
  async head(path: string, bytes = 4100): Promise<Uint8Array> {
    const fh = await open(path, "r");
    try {
      const buf = Buffer.alloc(bytes);
      const { bytesRead } = await fh.read(buf, 0, bytes, 0);
      return buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  }

  /** A new storage key for a committed file of this year and extension. */
  newKey(year: number, ext: string): string {
    return join(String(year), `${randomBytes(16).toString("hex")}.${ext}`);
  }

  /** Moves a temp file to its key (same file system: atomic). */
  async commit(tempPath: string, key: string): Promise<void> {
    await mkdir(join(this.root, key, ".."), { recursive: true });
    await rename(tempPath, this.path(key));
  }

  async remove(path: string): Promise<void> {
    await rm(path, { force: true });
  }

  /**
   * The start-up sweep: removes temp files older than `olderThanMs`, and committed files that old which
   * no attachment row names (a crash between the rename and the commit). Only files changed in the last
   * `recentMs` are checked against the database, so a start does not read a decade of evidence.
   */
  async sweep(db: Db, nowMs: number, olderThanMs: number, recentMs = 7 * 86_400_000): Promise<{ temp: number; orphans: number }> {
    let temp = 0;
    let orphans = 0;
    for (const name of await list(this.tmp)) {
      const p = join(this.tmp, name);
      const s = await stat(p).catch(() => null);
      if (s?.isFile() && nowMs - s.mtimeMs > olderThanMs) {
        await rm(p, { force: true });
        temp++;
      }
    }
    for (const year of await list(this.root)) {
      if (!/^\d{4}$/.test(year)) continue;
      const candidates: string[] = [];
      for (const name of await list(join(this.root, year))) {
        const s = await stat(join(this.root, year, name)).catch(() => null);
        const age = s ? nowMs - s.mtimeMs : 0;
        if (s?.isFile() && age > olderThanMs && age < recentMs) candidates.push(join(year, name));
      }
      for (let i = 0; i < candidates.length; i += 500) {
        const batch = candidates.slice(i, i + 500);
        const rows = await db.selectFrom("attachments").select("storage_key").where("storage_key", "in", batch).execute();
        const known = new Set(rows.map((r) => r.storage_key));
        for (const key of batch) {
          if (known.has(key)) continue;
          await rm(this.path(key), { force: true });
          orphans++;
        }
      }
    }
    return { temp, orphans };
  }
}

async function list(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw err;
  }
}

/** Runs the sweep at start; a failure is logged, never fatal (the files wait for the next start). */
export async function sweepUploadsAtStart(storage: AttachmentStorage, db: Db, orphanMinutes: number, logger: FastifyBaseLogger): Promise<void> {
  try {
    const removed = await storage.sweep(db, Date.now(), orphanMinutes * 60_000);
    if (removed.temp || removed.orphans) logger.info(removed, "removed unfinished and unreferenced upload files");
  } catch (err) {
    logger.warn({ err }, "the upload sweep failed");
  }
}
