import { createHash } from 'node:crypto';
import type { PersonaDefinition } from './persona-definition.js';

/** A persona version as stored in the catalog registry. */
export interface PersonaRecord {
  readonly personaId: string;
  readonly version: number;
  readonly name: string;
  readonly description: string;
  readonly builtIn: boolean;
  readonly definitionSha256: string;
  readonly createdBy: string | null;
  readonly createdAt: string;
  readonly definition: PersonaDefinition;
}

export interface PersonaRow {
  readonly persona_id: string;
  readonly version: number;
  readonly name: string;
  readonly description: string;
  readonly built_in: boolean;
  readonly definition: PersonaDefinition;
  readonly definition_sha256: string;
  readonly created_by: string | null;
  readonly created_at: Date;
}

export const PERSONA_COLUMNS = 'persona_id, version, name, description, built_in, definition, definition_sha256, created_by, created_at';

export function personaRecordOf(row: PersonaRow): PersonaRecord {
  return {
    personaId: row.persona_id,
    version: row.version,
    name: row.name,
    description: row.description,
    builtIn: row.built_in,
    definitionSha256: row.definition_sha256,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    definition: row.definition,
  };
}

/**
 * Hash of a definition's content, version excluded, so that re-posting an unchanged
 * persona is recognised. Parsed definitions have their keys in schema order, so
 * JSON.stringify is canonical for them.
 */
export function definitionSha256(definition: PersonaDefinition): string {
  const { version: _version, ...content } = definition;
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}
