import type pg from 'pg';
import { toDatabaseError } from '../db/to-database-error.js';
import type { PersonaDefinition } from './persona-definition.js';
import { PERSONA_COLUMNS, definitionSha256, personaRecordOf, type PersonaRecord, type PersonaRow } from './persona-record.js';

/** Inserts one persona version row (the caller holds the persona's lock and chose the version). */
export async function insertPersonaVersion(
  client: pg.ClientBase,
  definition: PersonaDefinition,
  options: { readonly builtIn: boolean; readonly createdBy: string | null },
): Promise<PersonaRecord> {
  try {
    const result = await client.query<PersonaRow>(
      `INSERT INTO shadowtune.personas (persona_id, version, name, description, built_in, definition, definition_sha256, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${PERSONA_COLUMNS}`,
      [definition.personaId, definition.version, definition.name, definition.description, options.builtIn, JSON.stringify(definition), definitionSha256(definition), options.createdBy],
    );
    return personaRecordOf(result.rows[0]!);
  } catch (error) {
    throw toDatabaseError(error);
  }
}
