/**
 * Raised for bytes that cannot be a valid request. The connection that sent them is
 * closed, the broker keeps serving everyone else.
 */
export class MalformedRequestError extends Error {
  override readonly name = 'MalformedRequestError';
}
