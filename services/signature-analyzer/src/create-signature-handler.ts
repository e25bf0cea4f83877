import type { BusEvent } from '@shadowtune/shared/bus/bus';
import type { SignatureAnalyzer } from './create-signature-analyzer.js';

/** The bus handler of query.signatures: one event, one analyzer step (errors go to the bus's retry/dead-letter logic). */
export function createSignatureHandler(analyzer: SignatureAnalyzer): (event: BusEvent<'query.signatures'>) => Promise<void> {
  return async (event) => {
    await analyzer.handle(event.value);
  };
}
