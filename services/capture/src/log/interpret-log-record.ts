import type { StatementObservation } from '../pipeline/statement-observation.js';
import type { RawPlan } from '../plan/raw-plan.js';
import type { LogRecord } from './log-record.js';
import { parseParameterList } from './parse-parameter-list.js';

/** Why a log record yields no statement (counted per reason; none of these is an error). */
export type SkipReason = 'NOT_A_STATEMENT' | 'DURATION_ONLY' | 'BIND_OR_PARSE' | 'PLAN_FORMAT_UNSUPPORTED' | 'EMPTY_STATEMENT';

export type LogInterpretation =
  | { readonly kind: 'statement'; readonly observation: StatementObservation }
  | { readonly kind: 'skip'; readonly reason: SkipReason }
  | { readonly kind: 'malformed'; readonly reason: string };

export interface InterpretOptions {
  /** Whether an auto_explain record counts as an execution (see the config key autoExplainCountsCalls). */
  readonly autoExplainCountsCalls: boolean;
  /** Time used when the record carries none. */
  readonly now: () => number;
}

// Where the text after the duration read by `readDuration` starts (a result pair would be an array per line).
let durationEnd = 0;

/** `duration: 12.345 ms` at the start of a message: milliseconds (and `durationEnd`: the index after it and its two spaces), or -1. */
function readDuration(message: string): number {
  if (!message.startsWith('duration: ')) return -1;
  const end = message.indexOf(' ms', 10);
  if (end < 0) return -1;
  // Digits with at most one decimal point, read without a regular expression (this runs for every line).
  let value = 0;
  let scale = 0;
  for (let i = 10; i < end; i += 1) {
    const c = message.charCodeAt(i);
    if (c === 46 && scale === 0 && i > 10) {
      scale = 1;
    } else if (c >= 48 && c <= 57) {
      value = value * 10 + (c - 48);
      if (scale > 0) scale *= 10;
    } else {
      return -1;
    }
  }
  if (end === 10 || scale === 1) return -1;
  const milliseconds = scale > 1 ? value / scale : value;
  const after = end + 3;
  if (after === message.length) {
    durationEnd = after;
    return milliseconds;
  }
  if (!message.startsWith('  ', after)) return -1;
  durationEnd = after + 2;
  return milliseconds;
}
const NO_FLAGS: readonly string[] = Object.freeze([]);
const PLAN_TREE_LINE = /\(cost=\d|^\s*->|\(actual (?:time|rows)=/;

interface PlanStatement {
  readonly statement: string;
  readonly parameters: (string | null)[] | null;
  readonly plan: RawPlan;
}

function readJsonPlan(body: string): PlanStatement | 'unreadable' {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return 'unreadable';
  }
  const root = (Array.isArray(parsed) ? parsed[0] : parsed) as Record<string, unknown> | undefined;
  const statement = root?.['Query Text'];
  if (typeof statement !== 'string') return 'unreadable';
  const parameters = root?.['Query Parameters'];
  return { statement, parameters: typeof parameters === 'string' ? parseParameterList(parameters) : null, plan: { format: 'json', text: body } };
}

function readTextPlan(body: string): PlanStatement | 'unsupported' {
  const lines = body.split('\n');
  if (!(lines[0] ?? '').startsWith('Query Text: ')) return 'unsupported';
  // YAML plans also start with "Query Text:"; their tree starts at a "Plan:" line.
  if (lines.some((line) => /^Plan:\s*$/.test(line))) return 'unsupported';
  const statementLines = [(lines[0] ?? '').slice('Query Text: '.length)];
  let parameterText: string | null = null;
  for (let i = 1; i < lines.length; i += 1) {
    const line = lines[i] ?? '';
    if (PLAN_TREE_LINE.test(line) || line.startsWith('Query Identifier: ')) break;
    if (line.startsWith('Query Parameters: ')) {
      parameterText = line.slice('Query Parameters: '.length);
      for (let k = i + 1; k < lines.length && !PLAN_TREE_LINE.test(lines[k] ?? ''); k += 1) parameterText += `\n${lines[k] ?? ''}`;
      break;
    }
    statementLines.push(line);
  }
  return {
    statement: statementLines.join('\n'),
    parameters: parameterText === null ? null : parseParameterList(parameterText),
    plan: { format: 'text', text: body },
  };
}

/**
 * Reads what a log record says about a statement: `duration: … ms  statement: …`,
 * `… execute <name>: …` with its `DETAIL:  Parameters: $1 = …`, `statement: …` without
 * duration (log_statement), auto_explain's `duration: … ms  plan:` (JSON or text). bind and
 * parse lines, bare durations, errors and every other message are skipped with a reason.
 */
export function interpretLogRecord(record: LogRecord, options: InterpretOptions): LogInterpretation {
  if (record.severity !== 'LOG') return { kind: 'skip', reason: 'NOT_A_STATEMENT' };
  const message = record.message;
  let durationMs: number | null = null;
  // Where the message goes on after the duration (the rest is read in place, not sliced off).
  let at = 0;
  const duration = readDuration(message);
  if (duration >= 0) {
    durationMs = duration;
    at = durationEnd;
    if (at === message.length) return { kind: 'skip', reason: 'DURATION_ONLY' };
  }
  let statement: string;
  let parameters: (string | null)[] | null = null;
  let plan: RawPlan | null = null;
  let flags: string[] | readonly string[] = record.invalidUtf8 ? ['INVALID_UTF8'] : NO_FLAGS;
  if (message.startsWith('statement: ', at)) {
    statement = message.slice(at + 'statement: '.length);
  } else if (message.startsWith('execute ', at)) {
    const colon = message.indexOf(': ', at + 'execute '.length);
    if (colon < 0) return { kind: 'malformed', reason: 'execute message without statement' };
    statement = message.slice(colon + 2);
    const detail = record.detail;
    if (detail !== null && /^parameters: /i.test(detail)) {
      parameters = parseParameterList(detail.slice('parameters: '.length));
      if (parameters === null) flags = [...flags, 'PARAMETERS_UNREADABLE'];
    }
  } else if (message.startsWith('plan:', at)) {
    const body = message.slice(at + 'plan:'.length).replace(/^\s*\n/, '');
    let read: PlanStatement | 'unreadable' | 'unsupported';
    if (body.startsWith('{') || body.startsWith('[')) read = readJsonPlan(body);
    else if (body.startsWith('<')) read = 'unsupported';
    else read = readTextPlan(body);
    if (read === 'unreadable') return { kind: 'malformed', reason: 'auto_explain JSON plan could not be read' };
    if (read === 'unsupported') return { kind: 'skip', reason: 'PLAN_FORMAT_UNSUPPORTED' };
    statement = read.statement;
    parameters = read.parameters;
    plan = read.plan;
    flags = [...flags, 'AUTO_EXPLAIN'];
  } else if (message.startsWith('bind ', at) || message.startsWith('parse ', at)) {
    return { kind: 'skip', reason: 'BIND_OR_PARSE' };
  } else {
    return { kind: 'skip', reason: 'NOT_A_STATEMENT' };
  }
  if (statement.trim().length === 0) return { kind: 'skip', reason: 'EMPTY_STATEMENT' };
  const countsCall = plan === null || options.autoExplainCountsCalls;
  return {
    kind: 'statement',
    observation: {
      source: record.source,
      sourcePosition: record.position,
      observedAt: record.timestampMs ?? options.now(),
      statement,
      parameters,
      calls: countsCall ? 1 : 0,
      durationMs,
      totalDurationMs: countsCall ? durationMs : null,
      rows: null,
      plan,
      origin: record.origin,
      flags,
      sampled: true,
      profiled: countsCall,
    },
  };
}
