/**
 * `npm run import-categories -- <file.xlsx>`: loads a category taxonomy sheet (一级/二级/三级分类 columns)
 * into the categories table of the configured database (DATABASE_URL, else PGlite in HUYING_DATA_DIR).
 * Idempotent: categories that already exist under the same parent are kept, not duplicated.
 */
import { join } from "node:path";
import { sql } from "kysely";
import { loadConfig } from "../config.js";
import { openDatabase, type Db } from "../db/database.js";
import { migrate } from "../db/migrate.js";
import { countLevels, readTaxonomyFile, type TaxonomyNode } from "./taxonomy.js";

/** Inserts the tree under parentId (null = roots); returns how many categories were newly created. */
export async function importTaxonomy(db: Db, nodes: readonly TaxonomyNode[], parentId: number | null = null): Promise<number> {
  let created = 0;
  for (const node of nodes) {
    const inserted = await db
      .insertInto("categories")
      .values({ name: node.name, parent_id: parentId })
      .onConflict((oc) => oc.expression(sql`coalesce(parent_id, 0), name`).doNothing())
      .returning("id")
      .executeTakeFirst();
    let id = inserted?.id;
    if (id === undefined) {
      const existing = await db
        .selectFrom("categories")
        .select("id")
        .where("name", "=", node.name)
        .where(sql<boolean>`coalesce(parent_id, 0) = ${parentId ?? 0}`)
        .executeTakeFirstOrThrow();
      id = existing.id;
    } else created++;
    created += await importTaxonomy(db, node.children, id);
  }
  return created;
}

async function main(): Promise<void> {
  const file = process.argv.slice(2).find((a) => !a.startsWith("-"));
  if (!file) {
    process.stderr.write("usage: npm run import-categories -- <taxonomy.xlsx>\n");
    process.exit(2);
  }
  const config = loadConfig();
  const tree = await readTaxonomyFile(file);
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.databaseUrl ? undefined : join(config.dataDir) });
  try {
    await migrate(database);
    const created = await database.db.transaction().execute((trx) => importTaxonomy(trx, tree));
    process.stdout.write(`categories in file per level: ${countLevels(tree).join(" / ")}; newly created: ${created}\n`);
  } finally {
    await database.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
