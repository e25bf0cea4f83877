import type { StatementKind } from '@shadowtune/shared/contracts/generated-types';

/** What the PostgreSQL grammar says about one normalized statement (cached per normalized text). */
export interface StatementStructure {
  /** 16 hex digits; see QuerySignature.fingerprint. */
  readonly fingerprint: string;
  /** False: the grammar rejected the statement (or it was not parsed) and the fingerprint is lexical. */
  readonly parsed: boolean;
  readonly statementKind: StatementKind;
  /** Relations as written (schema.table when qualified), first appearance first, without CTE names. */
  readonly relations: readonly string[];
}
