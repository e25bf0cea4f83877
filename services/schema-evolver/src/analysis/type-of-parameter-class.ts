import type { ParameterTypeClass } from '@shadowtune/shared/contracts/generated-types';

const TYPES: Partial<Record<ParameterTypeClass, string>> = {
  INTEGER: 'bigint',
  DECIMAL: 'numeric',
  TEXT: 'text',
  BOOLEAN: 'boolean',
  DATE_TIME: 'timestamptz',
  UUID: 'uuid',
  JSON: 'jsonb',
};

/** The column type that holds values of a placeholder's profile class, or null when the class says nothing. */
export function typeOfParameterClass(typeClass: ParameterTypeClass): string | null {
  return TYPES[typeClass] ?? null;
}
