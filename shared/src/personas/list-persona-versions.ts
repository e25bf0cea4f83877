import type pg from 'pg';
import { toDatabaseError } from '../db/to-database-error.js';
import { PERSONA_COLUMNS, personaRecordOf, type PersonaRecord, type PersonaRow } from './persona-record.js';

export interface PersonaVersionPage {
  readonly items: readonly PersonaRecord[];
  /** Version to pass as `before` for the next page; null on the last page. */
  readonly next: number | null;
}

/** Versions of one persona, newest first, `limit` at a time below version `before`. */
export async function listPersonaVersions(
  db: pg.Pool | pg.ClientBase,
  personaId: string,
  options: { readonly limit: number; readonly before?: number | null },
): Promise<PersonaVersionPage> {
  try {
    const result = await db.query<PersonaRow>(
      `SELECT ${PERSONA_COLUMNS} FROM shadowtune.personas
        WHERE persona_id = $1 AND ($2::integer IS NULL OR version < $2) ORDER BY version DESC LIMIT $3`,
      [personaId, options.before ?? null, options.limit + 1],
    );
    const items = result.rows.slice(0, options.limit).map(personaRecordOf);
    return { items, next: result.rows.length > options.limit ? items[items.length - 1]!.version : null };
  } catch (error) {
    throw toDatabaseError(error);
  }
}
