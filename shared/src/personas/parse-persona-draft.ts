import type { PersonaDefinition } from './persona-definition.js';
import { PersonaValidationError } from './persona-validation-error.js';
import { validatePersonaDefinition } from './validate-persona-definition.js';

/**
 * Validates a persona submitted for registration. The registry assigns the version, so
 * whatever version the draft carries is replaced by `version` before validation.
 */
export async function parsePersonaDraft(draft: unknown, version: number): Promise<PersonaDefinition> {
  const candidate = draft !== null && typeof draft === 'object' && !Array.isArray(draft) ? { ...(draft as Record<string, unknown>), version } : draft;
  const result = await validatePersonaDefinition(candidate);
  if (!result.ok) throw new PersonaValidationError(result.issues);
  return result.persona;
}
