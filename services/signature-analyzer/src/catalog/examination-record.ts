import type { SilenceReason } from '../silence-reason.js';

/** Why a fingerprint was examined. */
export type ExaminationTrigger = 'NEW' | 'THRESHOLD' | 'REGRESSION' | 'N_PLUS_ONE_BURST' | 'SCHEMA_CHANGED';

/** One examination as shadowtune.signature_examinations keeps it (the latest per fingerprint). */
export interface ExaminationRecord {
  readonly fingerprint: string;
  readonly normalizedSql: string;
  readonly statementKind: string;
  readonly examinedAt: number;
  readonly trigger: ExaminationTrigger;
  readonly outcome: 'finding' | 'no_finding';
  /** Set exactly when outcome is no_finding. */
  readonly reasonCode: SilenceReason | null;
  readonly reasonDetail: string | null;
  readonly patterns: readonly string[];
  readonly findingId: string | null;
  readonly schemaVersion: string | null;
}
