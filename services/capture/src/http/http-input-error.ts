/** A request the endpoint refuses: the status and a reason for the sender (never input text). */
export class HttpInputError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'HttpInputError';
  }
}
