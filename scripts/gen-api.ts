import { writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildOpenApiDocument, renderApiTypes } from "./openapi-document.js";

/** `npm run gen:api`: writes web/src/api/schema.d.ts from the OpenAPI document, without a database. */
const out = join(dirname(fileURLToPath(import.meta.url)), "..", "web", "src", "api", "schema.d.ts");
await writeFile(out, await renderApiTypes(await buildOpenApiDocument()));
process.stdout.write(`wrote ${out}\n`);
