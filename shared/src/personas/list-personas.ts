import type pg from 'pg';
import { toDatabaseError } from '../db/to-database-error.js';
import { PERSONA_COLUMNS, personaRecordOf, type PersonaRecord, type PersonaRow } from './persona-record.js';

export interface PersonaPage {
  readonly items: readonly PersonaRecord[];
  /** personaId to pass as `after` for the next page; null on the last page. */
  readonly next: string | null;
}

/** Latest version of every persona, by id, `limit` at a time after the id `after` (keyset pagination). */
export async function listPersonas(db: pg.Pool | pg.ClientBase, options: { readonly limit: number; readonly after?: string | null }): Promise<PersonaPage> {
  try {
    const result = await db.query<PersonaRow>(
      `SELECT DISTINCT ON (persona_id) ${PERSONA_COLUMNS} FROM shadowtune.personas
        WHERE $1::text IS NULL OR persona_id > $1 ORDER BY persona_id, version DESC LIMIT $2`,
      [options.after ?? null, options.limit + 1],
    );
    const items = result.rows.slice(0, options.limit).map(personaRecordOf);
    return { items, next: result.rows.length > options.limit ? items[items.length - 1]!.personaId : null };
  } catch (error) {
    throw toDatabaseError(error);
  }
}
