import type pg from 'pg';
import { toDatabaseError } from '../db/to-database-error.js';
import { PERSONA_COLUMNS, personaRecordOf, type PersonaRecord, type PersonaRow } from './persona-record.js';

/** One version of a persona, or its latest version when `version` is null; null when absent. */
export async function getPersona(db: pg.Pool | pg.ClientBase, personaId: string, version: number | null = null): Promise<PersonaRecord | null> {
  try {
    const result =
      version === null
        ? await db.query<PersonaRow>(`SELECT ${PERSONA_COLUMNS} FROM shadowtune.personas WHERE persona_id = $1 ORDER BY version DESC LIMIT 1`, [personaId])
        : await db.query<PersonaRow>(`SELECT ${PERSONA_COLUMNS} FROM shadowtune.personas WHERE persona_id = $1 AND version = $2`, [personaId, version]);
    return result.rows[0] ? personaRecordOf(result.rows[0]) : null;
  } catch (error) {
    throw toDatabaseError(error);
  }
}
