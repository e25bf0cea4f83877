import { fileURLToPath } from 'node:url';

/** The repository's `schemas/` folder: the single source of truth for event contracts. */
export const SCHEMA_DIR = fileURLToPath(new URL('../../../schemas/', import.meta.url));
