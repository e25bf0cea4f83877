/** Thresholds the proposer applies (the analysis settings plus the concept's large-table threshold). */
export interface ProposalSettings {
  readonly minCalls: number;
  readonly minTimeShare: number;
  readonly minConfidence: number;
  readonly maxIndexColumns: number;
  readonly maxIncludeColumns: number;
  readonly timeRangeMinShare: number;
  readonly partitionMinRows: number;
  readonly partitionMinGrowthPerDay: number;
  readonly targetPartitions: number;
  /** performanceThreshold.largeTableRows: indexes and type changes are not proposed for smaller tables. */
  readonly largeTableRows: number;
}
