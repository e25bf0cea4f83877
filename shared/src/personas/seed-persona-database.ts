import type pg from 'pg';
import { toDatabaseError } from '../db/to-database-error.js';
import { quoteIdentifier, quoteQualifiedName } from '../sql/quote-identifier.js';
import type { PersonaDefinition } from './persona-definition.js';

export interface SeedPersonaDatabaseOptions {
  /** `test` fills each table's testRows, `expected` its expectedRows, `{ testMultiple }` a multiple of testRows. */
  readonly volume: 'test' | 'expected' | { readonly testMultiple: number };
  /** setseed() value (-1..1) run before each seed, so a fill is reproducible. */
  readonly randomSeed?: number;
}

export interface SeededTable {
  readonly table: string;
  readonly requestedRows: number;
  readonly insertedRows: number;
}

/** Rows a table gets at a volume. */
export function rowsAtVolume(persona: PersonaDefinition, table: string, volume: SeedPersonaDatabaseOptions['volume']): number {
  const entry = persona.volumes.find((v) => v.table === table);
  if (!entry) return 0;
  if (volume === 'test') return entry.testRows;
  if (volume === 'expected') return entry.expectedRows;
  return Math.max(0, Math.round(entry.testRows * volume.testMultiple));
}

/**
 * Fills a database created from a persona with its synthetic seeds (in their dependency
 * order) at the chosen volume, then VACUUM (ANALYZE)s every table so that statistics and
 * the visibility map look like a settled production database. The client must not be in
 * a transaction (VACUUM cannot run in one).
 */
export async function seedPersonaDatabase(client: pg.ClientBase, persona: PersonaDefinition, options: SeedPersonaDatabaseOptions): Promise<SeededTable[]> {
  const seeded: SeededTable[] = [];
  await client.query(`SET search_path = ${quoteIdentifier(persona.initialSchema.schemaName)}, public`);
  for (const seed of persona.seeds) {
    const rows = rowsAtVolume(persona, seed.table, options.volume);
    if (rows === 0) continue;
    await client.query('SELECT setseed($1)', [options.randomSeed ?? 0.42]);
    try {
      const result = await client.query(seed.sql, [rows]);
      seeded.push({ table: seed.table, requestedRows: rows, insertedRows: result.rowCount ?? 0 });
    } catch (error) {
      throw toDatabaseError(error, seed.sql, [rows]);
    }
  }
  for (const table of persona.initialSchema.tables) {
    await client.query(`VACUUM (ANALYZE) ${quoteQualifiedName(persona.initialSchema.schemaName, table.name)}`);
  }
  return seeded;
}
