// `npm run generate`: regenerates what is derived from a single source of truth:
// shared/src/contracts/generated-types.ts from schemas/*.avsc, and the README's
// configuration table from the config schema. Tests fail when either is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderContractTypes } from '../shared/src/contracts/render-contract-types.js';
import { SCHEMA_DIR } from '../shared/src/contracts/schema-dir.js';
import { replaceConfigTable } from '../shared/src/config/replace-config-table.js';

const types = fileURLToPath(new URL('../shared/src/contracts/generated-types.ts', import.meta.url));
writeFileSync(types, renderContractTypes(SCHEMA_DIR));
console.log(`wrote ${types}`);

const readme = fileURLToPath(new URL('../README.md', import.meta.url));
try {
  writeFileSync(readme, replaceConfigTable(readFileSync(readme, 'utf8')));
  console.log(`updated the configuration table in ${readme}`);
} catch (error) {
  console.warn(`README not updated: ${(error as Error).message}`);
}
