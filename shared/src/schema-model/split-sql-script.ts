/** One piece of a psql-style SQL script, in file order. */
export type SqlScriptItem =
  | {
      readonly kind: 'statement';
      /** 1-based number among the script's statements (COPY ... FROM stdin included). */
      readonly number: number;
      /** 1-based line of the statement's first token. */
      readonly line: number;
      /** From the first token up to (not including) the terminating semicolon. */
      readonly text: string;
      /**
       * Top-level tokens, lower-cased words as the scanner sees them, with `"` standing for a
       * quoted identifier, `'` for a string and `$` for a dollar-quoted string, and one
       * character per punctuation mark. Enough to classify a statement without its values.
       */
      readonly tokens: readonly string[];
      /** True for `COPY ... FROM stdin`: its inline data rows (up to `\.`) were consumed, not returned. */
      readonly copyFromStdin: boolean;
    }
  | {
      readonly kind: 'meta-command';
      readonly line: number;
      /** The psql command word, e.g. `\connect` (its arguments are not kept). */
      readonly command: string;
    };

function isIdentifierStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_' || c >= '\u0080';
}

function isIdentifierPart(c: string): boolean {
  return isIdentifierStart(c) || (c >= '0' && c <= '9') || c === '$';
}

const DOLLAR_TAG = /\$(?:[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/y;

/**
 * Splits a script the way psql does: semicolons end statements except inside quotes,
 * dollar quotes, comments, parentheses, and the `BEGIN ... END` body of a SQL-standard
 * `CREATE [OR REPLACE] FUNCTION|PROCEDURE` (psql's own heuristic from psqlscan.l).
 * A line starting with a backslash outside any statement text is a psql meta-command.
 */
export function splitSqlScript(script: string): SqlScriptItem[] {
  const items: SqlScriptItem[] = [];
  let statementCount = 0;
  let i = 0;
  let line = 1;
  let atLineStart = true;

  let start = -1;
  let startLine = 0;
  let tokens: string[] = [];
  let parenDepth = 0;
  let beginDepth = 0;
  // First words of the statement, to recognise CREATE [OR REPLACE] FUNCTION|PROCEDURE.
  let leadingWords: string[] = [];

  const countLines = (from: number, to: number): void => {
    for (let k = from; k < to; k++) if (script.charCodeAt(k) === 10) line++;
  };
  const markToken = (token: string): void => {
    if (start === -1) {
      start = i;
      startLine = line;
    }
    if (parenDepth === 0) tokens.push(token);
  };
  const isFunctionDefinition = (): boolean => {
    const [first, second, third, fourth] = leadingWords;
    if (first !== 'create') return false;
    if (second === 'function' || second === 'procedure') return true;
    return second === 'or' && third === 'replace' && (fourth === 'function' || fourth === 'procedure');
  };
  const skipToLineEnd = (): void => {
    const end = script.indexOf('\n', i);
    i = end === -1 ? script.length : end;
  };
  const finishStatement = (end: number): void => {
    if (start !== -1) {
      statementCount++;
      const copyFromStdin = tokens[0] === 'copy' && tokens.some((t, k) => t === 'from' && tokens[k + 1] === 'stdin');
      items.push({ kind: 'statement', number: statementCount, line: startLine, text: script.slice(start, end), tokens, copyFromStdin });
      if (copyFromStdin) skipCopyData();
    }
    start = -1;
    tokens = [];
    parenDepth = 0;
    beginDepth = 0;
    leadingWords = [];
  };
  // Inline COPY data runs from the line after the statement to a line holding only `\.`.
  const skipCopyData = (): void => {
    skipToLineEnd();
    while (i < script.length) {
      i++; // the newline
      line++;
      const end = script.indexOf('\n', i);
      const rowEnd = end === -1 ? script.length : end;
      const row = script.slice(i, rowEnd).replace(/\r$/, '');
      i = rowEnd;
      if (row === '\\.') break;
    }
  };

  while (i < script.length) {
    const c = script[i] as string;
    const next = script[i + 1];
    if (c === '\n') {
      line++;
      atLineStart = true;
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') {
      i++;
      continue;
    }
    if (c === '\\' && atLineStart) {
      const match = /\\[^\s]*/y;
      match.lastIndex = i;
      items.push({ kind: 'meta-command', line, command: match.exec(script)?.[0] ?? '\\' });
      skipToLineEnd();
      continue;
    }
    atLineStart = false;

    if (c === '-' && next === '-') {
      skipToLineEnd();
      continue;
    }
    if (c === '/' && next === '*') {
      let depth = 1;
      let k = i + 2;
      while (k < script.length && depth > 0) {
        if (script[k] === '/' && script[k + 1] === '*') {
          depth++;
          k += 2;
        } else if (script[k] === '*' && script[k + 1] === '/') {
          depth--;
          k += 2;
        } else k++;
      }
      countLines(i, k);
      i = k;
      continue;
    }
    if (c === "'") {
      markToken("'");
      // E'...' strings take backslash escapes; the scanner saw the `e` as a word just before.
      const prefix = script[i - 1];
      const escapes = (prefix === 'e' || prefix === 'E') && !isIdentifierPart(script[i - 2] ?? ' ');
      let k = i + 1;
      while (k < script.length) {
        const q = script[k];
        if (escapes && q === '\\') k += 2;
        else if (q === "'" && script[k + 1] === "'") k += 2;
        else if (q === "'") break;
        else k++;
      }
      countLines(i, k);
      i = k + 1;
      continue;
    }
    if (c === '"') {
      markToken('"');
      let k = i + 1;
      while (k < script.length) {
        if (script[k] === '"' && script[k + 1] === '"') k += 2;
        else if (script[k] === '"') break;
        else k++;
      }
      countLines(i, k);
      i = k + 1;
      continue;
    }
    if (c === '$' && !isIdentifierPart(script[i - 1] ?? ' ')) {
      DOLLAR_TAG.lastIndex = i;
      const tag = DOLLAR_TAG.exec(script)?.[0];
      if (tag !== undefined) {
        markToken('$');
        const close = script.indexOf(tag, i + tag.length);
        const end = close === -1 ? script.length : close + tag.length;
        countLines(i, end);
        i = end;
        continue;
      }
    }
    if (isIdentifierStart(c)) {
      let k = i + 1;
      while (k < script.length && isIdentifierPart(script[k] as string)) k++;
      const word = script.slice(i, k).toLowerCase();
      // `e'...'` is a string prefix, not a word: the quote branch handles it next.
      if (!(word === 'e' && script[k] === "'")) {
        markToken(word);
        if (leadingWords.length < 4) leadingWords.push(word);
        if (parenDepth === 0 && isFunctionDefinition()) {
          if (word === 'begin') beginDepth++;
          else if (word === 'case' && beginDepth >= 1) beginDepth++;
          else if (word === 'end' && beginDepth > 0) beginDepth--;
        }
      }
      i = k;
      continue;
    }
    if (c === ';' && parenDepth === 0 && beginDepth === 0) {
      i++; // past the semicolon first: COPY data skipping continues from here
      finishStatement(i - 1);
      continue;
    }
    markToken(c);
    if (c === '(') parenDepth++;
    else if (c === ')' && parenDepth > 0) parenDepth--;
    i++;
  }
  finishStatement(script.length);
  return items;
}
