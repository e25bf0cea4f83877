// Regenerates shared/src/contracts/generated-types.ts from schemas/*.avsc.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderContractTypes } from '../shared/src/contracts/render-contract-types.js';
import { SCHEMA_DIR } from '../shared/src/contracts/schema-dir.js';

const target = fileURLToPath(new URL('../shared/src/contracts/generated-types.ts', import.meta.url));
writeFileSync(target, renderContractTypes(SCHEMA_DIR));
console.log(`wrote ${target}`);
