import type { SignatureTags } from '@shadowtune/shared/contracts/generated-types';
import type { LogOrigin } from '../log/log-origin.js';
import { hasDataLikeRun } from './has-data-like-run.js';

// Role and database names: at most NAMEDATALEN - 1 bytes, no control characters or quotes.
const NAME = /^[^\u0000-\u001f\u007f"'\\]{1,63}$/;
// application_name is set by client code: letters first, short, no quotes, @ or long digit runs.
const APPLICATION = /^[A-Za-z_][A-Za-z0-9 _.:/#()[\]-]{0,63}$/;
const CLIENT = /^(?:\[local\]|[A-Za-z0-9.:_%[\]-]{1,255})$/;
const SESSION = /^(?:[0-9a-f]{1,16}\.[0-9a-f]{1,16}|\d{1,10})$/;

function checked(value: string | null, shape: RegExp): string | null {
  if (value === null || value.length === 0) return null;
  return shape.test(value) ? value : null;
}

function checkedApplication(value: string | null): string | null {
  const application = checked(value, APPLICATION);
  return application === null || hasDataLikeRun(application) ? null : application;
}

/**
 * The last value checked for one tag and its outcome: database, user, application and
 * client repeat from one statement to the next, and the check is a regular expression.
 */
class LastChecked {
  private value: string | null = null;
  private result: string | null = null;

  constructor(private readonly check: (value: string | null) => string | null) {}

  of(value: string | null): string | null {
    if (value === null) return null;
    if (value !== this.value) {
      this.result = this.check(value);
      this.value = value;
    }
    return this.result;
  }
}

const database = new LastChecked((value) => checked(value, NAME));
const user = new LastChecked((value) => checked(value, NAME));
const application = new LastChecked(checkedApplication);
const client = new LastChecked((value) => checked(value, CLIENT));

/** Origin tags that pass their shape checks; a value that fails is dropped (null), never cleaned up. */
export function buildSignatureTags(origin: LogOrigin, comment: Readonly<Record<string, string>>): SignatureTags {
  return {
    database: database.of(origin.database),
    user: user.of(origin.user),
    application: application.of(origin.application),
    client: client.of(origin.client),
    session: checked(origin.session, SESSION),
    comment,
  };
}
