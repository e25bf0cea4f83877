/** The fields capture reads from a csvlog/jsonlog record (production data in message and detail). */
export interface PgLogFields {
  readonly timestamp: string | null;
  readonly user: string | null;
  readonly database: string | null;
  readonly pid: string | null;
  /** Client host or address, without port. */
  readonly client: string | null;
  readonly sessionId: string | null;
  readonly severity: string | null;
  readonly message: string | null;
  readonly detail: string | null;
  readonly application: string | null;
}
