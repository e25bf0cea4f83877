/** Values a log_line_prefix yields for one line (null: the prefix has no such escape, or it was empty). */
export interface PrefixValues {
  readonly timestamp: string | null;
  readonly epoch: string | null;
  readonly pid: string | null;
  readonly user: string | null;
  readonly database: string | null;
  readonly application: string | null;
  readonly host: string | null;
  readonly hostPort: string | null;
  readonly session: string | null;
}

/** One stderr line split by the compiled prefix. `message` is production data. */
export interface PrefixedLine {
  readonly values: PrefixValues;
  readonly severity: string;
  readonly message: string;
}

export interface CompiledPrefix {
  /** The prefix as configured (for messages). */
  readonly source: string;
  /** null when the line does not start with the prefix followed by `SEVERITY:  `. */
  parse(line: string): PrefixedLine | null;
}
