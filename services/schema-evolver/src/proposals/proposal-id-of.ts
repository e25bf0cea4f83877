import { createHash } from 'node:crypto';
import { canonicalJson } from '@shadowtune/shared/schema-model/canonical-json';
import type { SchemaChangeSpec } from './schema-change-spec.js';

/** Stable id of a change: the same change proposed again (a redelivery, a new analysis) has the same id. */
export function proposalIdOf(spec: SchemaChangeSpec): string {
  return `schema-${createHash('sha256').update(canonicalJson(spec)).digest('hex').slice(0, 24)}`;
}
