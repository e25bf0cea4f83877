import type pg from 'pg';
import { toDatabaseError } from '../db/to-database-error.js';
import type { AccessPattern } from './persona-definition.js';

/** Representative parameter rows for an access pattern, drawn from a filled database by its parameterSamples query. */
export async function sampleAccessPatternParameters(client: pg.ClientBase, pattern: AccessPattern, count: number): Promise<unknown[][]> {
  try {
    const result = await client.query<unknown[]>({ text: pattern.parameterSamples, values: [count], rowMode: 'array' });
    return result.rows.map((row) => row.slice(0, pattern.parameters.length));
  } catch (error) {
    throw toDatabaseError(error, pattern.parameterSamples, [count]);
  }
}
