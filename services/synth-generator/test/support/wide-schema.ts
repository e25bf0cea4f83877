import { readFileSync } from 'node:fs';

/** The wide test schema: every common type and constraint (see fixtures/wide-schema.sql). */
export const WIDE_SCHEMA_SQL = readFileSync(new URL('../fixtures/wide-schema.sql', import.meta.url), 'utf8');

/** A fixed time window, so tests do not depend on the clock. */
export const TEST_TIME_SPAN = { endMs: Date.UTC(2025, 0, 1), spanMs: 365 * 86_400_000, growth: 4 } as const;
