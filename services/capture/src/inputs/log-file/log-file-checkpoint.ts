/** Where reading a log file stands: the file (by identity, since names move on rotation), byte offset and line. */
export interface LogFileCheckpoint {
  /** The configured path (for people reading the checkpoint file). */
  readonly path: string;
  readonly dev: string;
  readonly ino: string;
  /**
   * Times the file was truncated (copytruncate rotation) while being followed: part of the
   * record identity, so that records written after a truncation never repeat an earlier
   * record's position.
   */
  readonly generation: number;
  /** First byte not yet published (always at a record boundary). */
  readonly offset: number;
  /** Line number at `offset` (1-based). */
  readonly line: number;
}
