import type { ParameterTypeClass } from '@shadowtune/shared/contracts/generated-types';

/** One value bound to a placeholder, ready for the sketch. `text` is production data: hashed, never kept. */
export interface ParameterValue {
  readonly typeClass: ParameterTypeClass;
  /** Canonical text (what a bind parameter would carry); null for NULL. */
  readonly text: string | null;
}
