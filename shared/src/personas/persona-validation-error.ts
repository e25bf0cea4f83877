import { ShadowtuneError } from '../errors/shadowtune-error.js';
import type { PersonaValidationIssue } from './validate-persona-definition.js';

/** A persona that failed validation: INPUT_INVALID with every issue and its path (the API returns them all). */
export class PersonaValidationError extends ShadowtuneError {
  readonly issues: readonly PersonaValidationIssue[];

  constructor(issues: readonly PersonaValidationIssue[]) {
    const listed = issues.slice(0, 5).map((i) => `${i.path}: ${i.message}`).join('; ');
    super('INPUT_INVALID', `persona is invalid: ${listed}${issues.length > 5 ? `; and ${issues.length - 5} more` : ''}`, {
      context: { issues: issues.length, firstPath: issues[0]?.path ?? '/' },
    });
    this.name = 'PersonaValidationError';
    this.issues = issues;
  }
}
