import { ShadowtuneError } from '@shadowtune/shared/errors/shadowtune-error';
import type { CompiledPrefix, PrefixedLine } from './compiled-prefix.js';

const SEVERITIES = 'DEBUG[1-5]|INFO|NOTICE|WARNING|ERROR|LOG|FATAL|PANIC|DETAIL|HINT|QUERY|CONTEXT|LOCATION|STATEMENT';
const TIMESTAMP_MS = '\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{3}(?: \\S+)?';
const TIMESTAMP_S = '\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}(?: \\S+)?';

// Regex of each escape; `name` marks the escapes whose value capture keeps.
const ESCAPES: Readonly<Record<string, { readonly pattern: string; readonly name?: string }>> = {
  a: { pattern: '.*?', name: 'application' },
  u: { pattern: '.*?', name: 'user' },
  d: { pattern: '.*?', name: 'database' },
  r: { pattern: '.*?', name: 'hostPort' },
  h: { pattern: '.*?', name: 'host' },
  b: { pattern: '.*?' },
  p: { pattern: '\\d+', name: 'pid' },
  P: { pattern: '\\d*' },
  t: { pattern: TIMESTAMP_S, name: 'timestamp' },
  m: { pattern: TIMESTAMP_MS, name: 'timestamp' },
  n: { pattern: '\\d+(?:\\.\\d+)?', name: 'epoch' },
  i: { pattern: '.*?' },
  e: { pattern: '[0-9A-Z]{5}' },
  c: { pattern: '[0-9a-f]+\\.[0-9a-f]+', name: 'session' },
  l: { pattern: '\\d+' },
  s: { pattern: TIMESTAMP_S },
  v: { pattern: '\\S*' },
  x: { pattern: '\\d*' },
  Q: { pattern: '-?\\d+' },
};

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function nullIfEmpty(value: string | undefined): string | null {
  if (value === undefined || value.length === 0) return null;
  // Padded escapes (%-10u) leave spaces around the value.
  if (value.charCodeAt(0) !== 32 && value.charCodeAt(value.length - 1) !== 32) return value;
  const trimmed = value.trim();
  return trimmed.length === 0 ? null : trimmed;
}

/**
 * Compiles a `log_line_prefix` (%m %t %n %p %P %l %u %d %a %h %r %c %s %v %x %e %i %b %Q
 * %q %%, with optional padding like %-10u) into a parser of stderr lines. The prefix must be
 * followed by `SEVERITY:  ` as PostgreSQL writes it; that anchor keeps the lazy captures of
 * free-text escapes (%a, %u, %d) from running into the message.
 */
export function compileLogLinePrefix(prefix: string): CompiledPrefix {
  let pattern = '^';
  let optionalOpened = false;
  // Capture group number of each kept value (numbered groups: named ones cost an object per match).
  const groupOf = new Map<string, number>();
  let groups = 0;
  for (let i = 0; i < prefix.length; i += 1) {
    const ch = prefix[i] ?? '';
    if (ch !== '%') {
      pattern += escapeRegex(ch);
      continue;
    }
    let j = i + 1;
    const paddingStart = j;
    if (prefix[j] === '-') j += 1;
    while (j < prefix.length && /\d/.test(prefix[j] ?? '')) j += 1;
    const padded = j > paddingStart;
    const escape = prefix[j];
    i = j;
    if (escape === undefined) {
      throw new ShadowtuneError('CONFIG_INVALID', 'log_line_prefix ends with a lone %', { context: { prefix } });
    }
    if (escape === '%') {
      pattern += '%';
      continue;
    }
    if (escape === 'q') {
      // Processes without a session stop the prefix here.
      if (!optionalOpened) {
        pattern += '(?:';
        optionalOpened = true;
      }
      continue;
    }
    const known = ESCAPES[escape];
    // PostgreSQL ignores unknown escapes, and so does the parser.
    if (known === undefined) continue;
    let body = `(?:${known.pattern})`;
    if (known.name !== undefined && !groupOf.has(known.name)) {
      groups += 1;
      groupOf.set(known.name, groups);
      body = `(${known.pattern})`;
    }
    pattern += padded ? ` *${body} *` : body;
  }
  if (optionalOpened) pattern += ')?';
  const severityGroup = groups + 1;
  const messageGroup = groups + 2;
  pattern += `(${SEVERITIES}):  (?:[0-9A-Z]{5}: )?(.*)$`;
  let regex: RegExp;
  try {
    regex = new RegExp(pattern, 's');
  } catch (cause) {
    throw new ShadowtuneError('CONFIG_INVALID', 'log_line_prefix could not be compiled', { cause, context: { prefix } });
  }
  const at = (name: string): number => groupOf.get(name) ?? -1;
  const timestampAt = at('timestamp');
  const epochAt = at('epoch');
  const pidAt = at('pid');
  const userAt = at('user');
  const databaseAt = at('database');
  const applicationAt = at('application');
  const hostAt = at('host');
  const hostPortAt = at('hostPort');
  const sessionAt = at('session');
  return {
    source: prefix,
    parse(line: string): PrefixedLine | null {
      const match = regex.exec(line);
      if (match === null) return null;
      return {
        values: {
          timestamp: timestampAt < 0 ? null : nullIfEmpty(match[timestampAt]),
          epoch: epochAt < 0 ? null : nullIfEmpty(match[epochAt]),
          pid: pidAt < 0 ? null : nullIfEmpty(match[pidAt]),
          user: userAt < 0 ? null : nullIfEmpty(match[userAt]),
          database: databaseAt < 0 ? null : nullIfEmpty(match[databaseAt]),
          application: applicationAt < 0 ? null : nullIfEmpty(match[applicationAt]),
          host: hostAt < 0 ? null : nullIfEmpty(match[hostAt]),
          hostPort: hostPortAt < 0 ? null : nullIfEmpty(match[hostPortAt]),
          session: sessionAt < 0 ? null : nullIfEmpty(match[sessionAt]),
        },
        severity: match[severityGroup] ?? '',
        message: match[messageGroup] ?? '',
      };
    },
  };
}
