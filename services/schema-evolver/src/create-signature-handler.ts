import type pg from 'pg';
import type { BusEventOf } from '@shadowtune/shared/bus/bus';
import { recordSignature } from './catalog/record-signature.js';

/** Handler of query.signatures: each signature folds into the catalog's workload once (redeliveries change nothing). */
export function createSignatureHandler(catalog: pg.Pool): (event: BusEventOf<'query.signatures'>) => Promise<void> {
  return async (event) => {
    await recordSignature(catalog, event.value);
  };
}
