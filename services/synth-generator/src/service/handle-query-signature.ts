import type { BusEventOf } from '@shadowtune/shared/bus/bus';
import { findTable } from '@shadowtune/shared/schema-model/find-table';
import type { ParameterProfileStore } from './create-parameter-profile-store.js';
import type { SchemaSource } from './create-schema-source.js';

/**
 * The query.signatures handler: keeps the fingerprint's parameter profiles, and when the
 * statement names a relation production's cached schema model lacks, marks the model
 * stale so the next finding re-reads it and re-syncs the shadow.
 */
export function handleQuerySignature(profiles: ParameterProfileStore, schema: SchemaSource | null): (event: BusEventOf<'query.signatures'>) => Promise<void> {
  return async (event) => {
    const signature = event.value;
    profiles.remember(signature);
    const model = schema?.peek() ?? null;
    if (model === null) return;
    const unknown = signature.relations.some((relation) => {
      const dot = relation.indexOf('.');
      return dot > 0 && findTable(model, relation.slice(0, dot), relation.slice(dot + 1)) === null;
    });
    if (unknown) schema?.invalidate();
  };
}
