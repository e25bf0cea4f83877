/** A progress report of a dataset load (emitted per chunk of rows and per phase). */
export interface LoadProgress {
  /** `schema.table` the event is about. */
  readonly table: string;
  readonly phase: 'copy' | 'validate' | 'analyze' | 'done';
  readonly tableRowsLoaded: number;
  readonly tableRows: number;
  /** Over every table of the dataset. */
  readonly rowsLoaded: number;
  readonly rowsTotal: number;
}
