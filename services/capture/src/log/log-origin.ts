/** Who ran a statement, as the log (prefix or record fields) tells it; values not yet checked. */
export interface LogOrigin {
  readonly database: string | null;
  readonly user: string | null;
  readonly application: string | null;
  /** Client host or address (without port). */
  readonly client: string | null;
  /** Session id (%c) or, when the log has none, the backend process id. */
  readonly session: string | null;
}

export const UNKNOWN_ORIGIN: LogOrigin = { database: null, user: null, application: null, client: null, session: null };
