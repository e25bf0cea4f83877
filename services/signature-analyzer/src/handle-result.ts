import type { QueryFinding } from '@shadowtune/shared/contracts/generated-types';
import type { ExaminationRecord, ExaminationTrigger } from './catalog/examination-record.js';

/** What handling one signature did. */
export interface HandleResult {
  /** Set when the event was a redelivery already handled. */
  readonly duplicate: boolean;
  readonly trigger: ExaminationTrigger | null;
  /** The examination, when one ran. */
  readonly examination: ExaminationRecord | null;
  /** The finding revision published, when a new or changed finding came out. */
  readonly published: QueryFinding | null;
  /** The current finding of the fingerprint (published now or unchanged since). */
  readonly finding: QueryFinding | null;
  /** Findings of this fingerprint that no longer hold. */
  readonly resolved: readonly string[];
}
