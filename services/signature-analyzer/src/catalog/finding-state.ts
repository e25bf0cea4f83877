/** What the catalog remembers of a finding, to decide its next revision. */
export interface FindingState {
  readonly revision: number;
  readonly contentHash: string;
  readonly status: 'open' | 'resolved';
}
