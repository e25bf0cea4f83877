import type { LexicalNormalization } from './lexical-normalization.js';

// Character codes the lexer branches on.
const TAB = 9;
const LF = 10;
const VT = 11;
const FF = 12;
const CR = 13;
const SPACE = 32;
const DQUOTE = 34;
const DOLLAR = 36;
const AMP = 38;
const QUOTE = 39;
const LPAREN = 40;
const RPAREN = 41;
const STAR = 42;
const PLUS = 43;
const COMMA = 44;
const MINUS = 45;
const DOT = 46;
const SLASH = 47;
const COLON = 58;
const SEMICOLON = 59;
const LBRACKET = 91;
const BACKSLASH = 92;
const RBRACKET = 93;
const UNDERSCORE = 95;

/** `$0`…`$255`, made once: a placeholder is appended for every literal of every statement. */
const PLACEHOLDERS: readonly string[] = Array.from({ length: 256 }, (_, n) => `$${n}`);

/** Highest `$n` treated as a parameter; PostgreSQL allows 65535 bind parameters. */
const MAX_PARAMETER_NUMBER = 65_535;

// Element states of an IN/ARRAY list being checked for collapsing.
const ELEMENT_START = 0;
const ELEMENT_SIGN = 1;
const ELEMENT_VALUE = 2;
const ELEMENT_CAST = 3;
const ELEMENT_TYPE = 4;

// States of a VALUES clause being checked for repeated rows.
const VALUES_NONE = 0;
const VALUES_EXPECT_ROW = 1;
const VALUES_IN_ROW = 2;
const VALUES_AFTER_ROW = 3;

// Words the lexer reacts to.
const WORD_OTHER = 0;
const WORD_IS = 1;
const WORD_NOT = 2;

// Character classes of ASCII codes (anything from 128 up is an identifier character).
const IDENT_START = 1;
const IDENT_CHAR = 2;
const DIGIT = 4;
const WHITESPACE = 8;
const CLASSES = new Uint8Array(128);
for (let c = 0; c < 128; c += 1) {
  const letter = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === UNDERSCORE;
  const digit = c >= 48 && c <= 57;
  CLASSES[c] = (letter ? IDENT_START | IDENT_CHAR : 0) | (digit ? DIGIT | IDENT_CHAR : 0) | (c === DOLLAR ? IDENT_CHAR : 0) |
    (c === SPACE || c === TAB || c === LF || c === CR || c === FF || c === VT ? WHITESPACE : 0);
}

function isDigit(c: number): boolean {
  return c < 128 && (CLASSES[c]! & DIGIT) !== 0;
}

function isIdentStart(c: number): boolean {
  return c >= 128 || (CLASSES[c]! & IDENT_START) !== 0;
}

function isIdentChar(c: number): boolean {
  return c >= 128 || (CLASSES[c]! & IDENT_CHAR) !== 0;
}

function isSpace(c: number): boolean {
  return c < 128 && (CLASSES[c]! & WHITESPACE) !== 0;
}

/** Whether sql[i, i + word.length) is `word` (lowercase ASCII), ignoring case. */
function isWord(sql: string, i: number, length: number, word: string): boolean {
  if (length !== word.length) return false;
  for (let k = 0; k < length; k += 1) if ((sql.charCodeAt(i + k) | 0x20) !== word.charCodeAt(k)) return false;
  return true;
}

function isHexDigit(c: number): boolean {
  return isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70) || c === UNDERSCORE;
}

/**
 * One pass over the text. Kept as a class with plain fields (no closures) because it
 * runs for every statement capture sees, cache hit or not.
 */
const NONE: readonly never[] = Object.freeze([]);

class Lexer {
  private sql = '';
  private n = 0;
  private out = '';
  /** Last character code of `out` (reading it from `out`, a rope, would flatten it). */
  private lastOut = SPACE;
  private copyFrom = 0;
  private placeholderCount = 0;
  private literals: string[] = [];
  private literalPositions: number[] = [];
  // Allocated on first use: most statements have neither.
  private parameterPositions: number[] = NONE as never[];
  private comments: string[] = NONE as never[];
  private unterminated = false;
  private depth = 0;
  private lastWord = WORD_OTHER;
  private secondLastWord = WORD_OTHER;

  // IN (...) / ARRAY[...] list being checked for collapsing.
  private pendingListOpen = 0;
  private listActive = false;
  private listClose = 0;
  private listDepth = 0;
  private listElement = ELEMENT_START;
  private listCount = 0;
  private listFirstEnd = -1;
  private listFresh = true;
  private listFirstPosition = 0;
  private readonly listEntries: number[] = [];

  // VALUES (...), (...) rows being checked for repetition.
  private valuesState = VALUES_NONE;
  private valuesCollapsing = true;
  private rowDepth = 0;
  private rowIndex = 0;
  private rowShape = '';
  private firstRowShape = '';
  private firstRowEnd = 0;
  private firstRowPositions: number[] = [];
  private placeholdersAfterFirstRow = 0;
  private rowEntries: number[] = [];
  private rowPositions: number[] = [];
  private rowFresh = true;

  /** Readies the (reused) lexer for another statement; every field gets its initial value. */
  reset(sql: string): this {
    this.sql = sql;
    this.n = sql.length;
    this.out = '';
    this.lastOut = SPACE;
    this.copyFrom = 0;
    this.placeholderCount = 0;
    this.literals = [];
    this.literalPositions = [];
    this.parameterPositions = NONE as never[];
    this.comments = NONE as never[];
    this.unterminated = false;
    this.depth = 0;
    this.lastWord = WORD_OTHER;
    this.secondLastWord = WORD_OTHER;
    this.pendingListOpen = 0;
    this.listActive = false;
    this.listClose = 0;
    this.listDepth = 0;
    this.listElement = ELEMENT_START;
    this.listCount = 0;
    this.listFirstEnd = -1;
    this.listFresh = true;
    this.listFirstPosition = 0;
    this.listEntries.length = 0;
    this.valuesState = VALUES_NONE;
    this.valuesCollapsing = true;
    this.rowDepth = 0;
    this.rowIndex = 0;
    this.rowShape = '';
    this.firstRowShape = '';
    this.firstRowEnd = 0;
    // Shared empty arrays: a VALUES row gets its own ones when it opens (see `open`).
    this.firstRowPositions = NONE as never[];
    this.placeholdersAfterFirstRow = 0;
    this.rowEntries = NONE as never[];
    this.rowPositions = NONE as never[];
    this.rowFresh = true;
    return this;
  }

  private addComment(body: string): void {
    if ((this.comments as readonly unknown[]) === NONE) this.comments = [];
    this.comments.push(body);
  }

  run(): LexicalNormalization {
    const sql = this.sql;
    const n = this.n;
    let i = 0;
    while (i < n) {
      const c = sql.charCodeAt(i);
      if (isSpace(c)) {
        i = this.whitespace(i);
        continue;
      }
      if (c === MINUS && sql.charCodeAt(i + 1) === MINUS) {
        i = this.lineComment(i);
        continue;
      }
      if (c === SLASH && sql.charCodeAt(i + 1) === STAR) {
        i = this.blockComment(i);
        continue;
      }
      this.beforeToken(c);
      const wordBefore = this.lastWord;
      const secondWordBefore = this.secondLastWord;
      this.secondLastWord = this.lastWord;
      this.lastWord = WORD_OTHER;
      if (isIdentStart(c)) {
        i = this.word(i, wordBefore, secondWordBefore);
      } else if (c === QUOTE) {
        i = this.literal(i, this.standardString(i + 1));
      } else if (isDigit(c) || (c === DOT && isDigit(sql.charCodeAt(i + 1)) && !this.followsOperand(i))) {
        i = this.literal(i, this.number(i));
      } else if (c === DOLLAR) {
        i = this.dollar(i);
      } else if (c === DQUOTE) {
        i = this.quotedIdentifier(i);
        this.listToken(true);
      } else if (c === LPAREN || c === LBRACKET) {
        i = this.open(i, c);
      } else if (c === RPAREN || c === RBRACKET) {
        i = this.close(i, c);
      } else if (c === COMMA) {
        i = this.comma(i);
      } else if (c === COLON && sql.charCodeAt(i + 1) === COLON) {
        if (this.listActive && this.depth === this.listDepth) {
          if (this.listElement === ELEMENT_VALUE) this.listElement = ELEMENT_CAST;
          else this.listActive = false;
        }
        i += 2;
      } else {
        if (this.listActive && this.depth === this.listDepth) {
          if ((c === MINUS || c === PLUS) && this.listElement === ELEMENT_START) this.listElement = ELEMENT_SIGN;
          else this.listActive = false;
        }
        i += 1;
      }
    }
    this.flush(n);
    let end = this.out.length;
    while (end > 0) {
      const last = this.out.charCodeAt(end - 1);
      if (last !== SPACE && last !== SEMICOLON) break;
      end -= 1;
    }
    return {
      normalizedSql: end === this.out.length ? this.out : this.out.slice(0, end),
      placeholderCount: this.placeholderCount,
      literals: this.literals,
      literalPositions: this.literalPositions,
      parameterPositions: this.parameterPositions,
      comments: this.comments,
      unterminated: this.unterminated,
    };
  }

  /** Ends pending list/VALUES expectations that the token starting with `c` does not meet. */
  private beforeToken(c: number): void {
    if (this.pendingListOpen !== 0 && c !== this.pendingListOpen) this.pendingListOpen = 0;
    if (this.valuesState === VALUES_EXPECT_ROW) {
      if (c !== LPAREN) this.valuesState = VALUES_NONE;
    } else if (this.valuesState === VALUES_AFTER_ROW) {
      if (c !== COMMA) this.valuesState = VALUES_NONE;
    }
  }

  private followsOperand(i: number): boolean {
    const before = i > 0 ? this.sql.charCodeAt(i - 1) : SPACE;
    return isIdentChar(before) || before === RPAREN || before === RBRACKET || before === DQUOTE;
  }

  private append(text: string): void {
    if (text.length === 0) return;
    this.out += text;
    this.lastOut = text.charCodeAt(text.length - 1);
    if (this.valuesState === VALUES_IN_ROW) this.rowShape += text;
  }

  private flush(upTo: number): void {
    if (upTo > this.copyFrom) this.append(this.sql.slice(this.copyFrom, upTo));
    this.copyFrom = upTo;
  }

  private endsWithSpace(): boolean {
    return this.lastOut === SPACE;
  }

  private whitespace(i: number): number {
    const sql = this.sql;
    let j = i + 1;
    const n = this.n;
    while (j < n && isSpace(sql.charCodeAt(j))) j += 1;
    if (this.copyFrom === i && this.endsWithSpace()) {
      this.copyFrom = j;
    } else if (!(j === i + 1 && sql.charCodeAt(i) === SPACE)) {
      this.flush(i);
      if (!this.endsWithSpace()) this.append(' ');
      this.copyFrom = j;
    }
    return j;
  }

  private replaceBySpace(start: number, end: number): void {
    this.flush(start);
    if (!this.endsWithSpace()) this.append(' ');
    this.copyFrom = end;
  }

  private lineComment(i: number): number {
    const sql = this.sql;
    let j = i + 2;
    while (j < this.n) {
      const c = sql.charCodeAt(j);
      if (c === LF || c === CR) break;
      j += 1;
    }
    this.addComment(sql.slice(i + 2, j));
    this.replaceBySpace(i, j);
    return j;
  }

  private blockComment(i: number): number {
    const sql = this.sql;
    let level = 1;
    let j = i + 2;
    while (j < this.n && level > 0) {
      const c = sql.charCodeAt(j);
      if (c === STAR && sql.charCodeAt(j + 1) === SLASH) {
        level -= 1;
        j += 2;
      } else if (c === SLASH && sql.charCodeAt(j + 1) === STAR) {
        level += 1;
        j += 2;
      } else {
        j += 1;
      }
    }
    if (level > 0) {
      this.unterminated = true;
      this.addComment(sql.slice(i + 2, this.n));
    } else {
      this.addComment(sql.slice(i + 2, j - 2));
    }
    this.replaceBySpace(i, j);
    return j;
  }

  /** End of a '...' string whose body starts at `j`, including SQL-standard continuation. */
  private standardString(j: number): number {
    const sql = this.sql;
    const n = this.n;
    for (;;) {
      while (j < n) {
        if (sql.charCodeAt(j) === QUOTE) {
          if (sql.charCodeAt(j + 1) === QUOTE) j += 2;
          else break;
        } else {
          j += 1;
        }
      }
      if (j >= n) {
        this.unterminated = true;
        return n;
      }
      j += 1;
      // 'a'<newline>'b' is one literal in PostgreSQL.
      let k = j;
      let sawNewline = false;
      while (k < n && isSpace(sql.charCodeAt(k))) {
        const c = sql.charCodeAt(k);
        if (c === LF || c === CR) sawNewline = true;
        k += 1;
      }
      if (!sawNewline || sql.charCodeAt(k) !== QUOTE) return j;
      j = k + 1;
    }
  }

  private escapeString(j: number): number {
    const sql = this.sql;
    while (j < this.n) {
      const c = sql.charCodeAt(j);
      if (c === BACKSLASH) {
        j += 2;
      } else if (c === QUOTE) {
        if (sql.charCodeAt(j + 1) === QUOTE) j += 2;
        else return j + 1;
      } else {
        j += 1;
      }
    }
    this.unterminated = true;
    return this.n;
  }

  private number(i: number): number {
    const sql = this.sql;
    let j = i;
    const c0 = sql.charCodeAt(i);
    const c1 = sql.charCodeAt(i + 1) | 0x20;
    if (c0 === 48 && (c1 === 120 || c1 === 111 || c1 === 98) && isHexDigit(sql.charCodeAt(i + 2))) {
      j = i + 2;
      while (j < this.n && isHexDigit(sql.charCodeAt(j))) j += 1;
      return j;
    }
    while (j < this.n && (isDigit(sql.charCodeAt(j)) || sql.charCodeAt(j) === UNDERSCORE)) j += 1;
    if (sql.charCodeAt(j) === DOT && sql.charCodeAt(j + 1) !== DOT) {
      j += 1;
      while (j < this.n && (isDigit(sql.charCodeAt(j)) || sql.charCodeAt(j) === UNDERSCORE)) j += 1;
    }
    if ((sql.charCodeAt(j) | 0x20) === 101) {
      let k = j + 1;
      const sign = sql.charCodeAt(k);
      if (sign === PLUS || sign === MINUS) k += 1;
      if (isDigit(sql.charCodeAt(k))) {
        j = k;
        while (j < this.n && isDigit(sql.charCodeAt(j))) j += 1;
      }
    }
    return j;
  }

  private quotedIdentifier(i: number): number {
    const sql = this.sql;
    let j = i + 1;
    while (j < this.n) {
      if (sql.charCodeAt(j) === DQUOTE) {
        if (sql.charCodeAt(j + 1) === DQUOTE) j += 2;
        else return j + 1;
      } else {
        j += 1;
      }
    }
    this.unterminated = true;
    return this.n;
  }

  private word(i: number, wordBefore: number, secondWordBefore: number): number {
    const sql = this.sql;
    const n = this.n;
    let j = i + 1;
    while (j < n) {
      const c = sql.charCodeAt(j);
      if (c < 128 ? (CLASSES[c]! & IDENT_CHAR) === 0 : false) break;
      j += 1;
    }
    const length = j - i;
    const next = sql.charCodeAt(j);
    const first = sql.charCodeAt(i) | 0x20;
    if (length === 1 && next === QUOTE) {
      // E'..' escape string; B'..', X'..' bit strings; N'..' national character.
      if (first === 101) return this.literal(i, this.escapeString(j + 1));
      if (first === 98 || first === 120 || first === 110) return this.literal(i, this.standardString(j + 1));
    }
    if (length === 1 && first === 117 && next === AMP && sql.charCodeAt(j + 1) === QUOTE) {
      return this.literal(i, this.standardString(j + 2));
    }
    if (length <= 6) {
      if (first === 105) {
        if (isWord(sql, i, length, 'in')) {
          this.listToken(false);
          this.pendingListOpen = LPAREN;
          return j;
        }
        if (isWord(sql, i, length, 'is')) {
          this.listToken(false);
          this.lastWord = WORD_IS;
          return j;
        }
      } else if (first === 110) {
        if (isWord(sql, i, length, 'not')) {
          this.listToken(false);
          this.lastWord = WORD_NOT;
          return j;
        }
      } else if (first === 97) {
        if (isWord(sql, i, length, 'array')) {
          this.listToken(false);
          this.pendingListOpen = LBRACKET;
          return j;
        }
      } else if (first === 118) {
        if (isWord(sql, i, length, 'values')) {
          this.listActive = false;
          if (this.valuesState === VALUES_NONE) {
            this.valuesState = VALUES_EXPECT_ROW;
            this.rowIndex = 0;
          }
          return j;
        }
      } else if (first === 116 || first === 102) {
        if (isWord(sql, i, length, 'true') || isWord(sql, i, length, 'false')) {
          // IS [NOT] TRUE is a test, not a constant.
          const isTest = wordBefore === WORD_IS || (wordBefore === WORD_NOT && secondWordBefore === WORD_IS);
          if (!isTest) return this.literal(i, j);
        }
      }
    }
    this.listToken(this.listActive && this.listElement === ELEMENT_CAST);
    return j;
  }

  /** Tracks a non-placeholder token inside a list: only a cast's type name is allowed. */
  private listToken(isTypeName: boolean): void {
    if (!this.listActive || this.depth !== this.listDepth) return;
    if (isTypeName && this.listElement === ELEMENT_CAST) this.listElement = ELEMENT_TYPE;
    else this.listActive = false;
  }

  private dollar(i: number): number {
    const sql = this.sql;
    const next = sql.charCodeAt(i + 1);
    if (isDigit(next)) {
      let j = i + 1;
      while (j < this.n && isDigit(sql.charCodeAt(j))) j += 1;
      const number = Number(sql.slice(i + 1, j));
      if (number >= 1 && number <= MAX_PARAMETER_NUMBER) return this.parameter(i, j, number);
      return this.literal(i, j);
    }
    if (next === DOLLAR || (isIdentStart(next) && next !== DOLLAR)) {
      let j = i + 1;
      while (j < this.n) {
        const c = sql.charCodeAt(j);
        if (c === DOLLAR || !(isIdentStart(c) || isDigit(c))) break;
        j += 1;
      }
      if (sql.charCodeAt(j) === DOLLAR) {
        const tag = sql.slice(i, j + 1);
        const close = sql.indexOf(tag, j + 1);
        if (close < 0) {
          this.unterminated = true;
          return this.literal(i, this.n);
        }
        return this.literal(i, close + tag.length);
      }
    }
    this.listToken(false);
    return i + 1;
  }

  private literal(start: number, end: number): number {
    this.flush(start);
    this.placeholderCount += 1;
    const position = this.placeholderCount;
    this.appendPlaceholder(position);
    this.literals.push(this.sql.slice(start, end));
    this.literalPositions.push(position);
    this.copyFrom = end;
    this.trackPlaceholder(this.literals.length - 1, position, true);
    return end;
  }

  private parameter(start: number, end: number, number: number): number {
    this.flush(start);
    let position = this.parameterPositions[number] ?? 0;
    const fresh = position === 0;
    if (fresh) {
      if ((this.parameterPositions as readonly unknown[]) === NONE) this.parameterPositions = [];
      while (this.parameterPositions.length < number) this.parameterPositions.push(0);
      this.placeholderCount += 1;
      position = this.placeholderCount;
      this.parameterPositions[number] = position;
    }
    this.appendPlaceholder(position);
    this.copyFrom = end;
    // Parameters are stored as -(n + 1) so that they never collide with literal indexes.
    this.trackPlaceholder(-(number + 1), position, fresh);
    return end;
  }

  private appendPlaceholder(position: number): void {
    this.out += position < PLACEHOLDERS.length ? PLACEHOLDERS[position]! : `$${position}`;
    this.lastOut = 48;
    if (this.valuesState === VALUES_IN_ROW) this.rowShape += '?';
  }

  private trackPlaceholder(entry: number, position: number, fresh: boolean): void {
    if (this.listActive && this.depth === this.listDepth) {
      if (this.listElement === ELEMENT_START || this.listElement === ELEMENT_SIGN) {
        this.listElement = ELEMENT_VALUE;
        this.listEntries.push(entry);
        if (!fresh) this.listFresh = false;
      } else {
        this.listActive = false;
      }
    }
    if (this.valuesState === VALUES_IN_ROW) {
      this.rowEntries.push(entry);
      this.rowPositions.push(position);
      if (!fresh) this.rowFresh = false;
    }
  }

  private open(i: number, c: number): number {
    if (this.listActive) this.listActive = false;
    this.depth += 1;
    if (this.valuesState === VALUES_EXPECT_ROW && c === LPAREN) {
      this.flush(i);
      this.valuesState = VALUES_IN_ROW;
      this.rowDepth = this.depth;
      this.rowShape = '';
      this.rowEntries = [];
      this.rowPositions = [];
      this.rowFresh = true;
      this.rowIndex += 1;
      this.pendingListOpen = 0;
      return i + 1;
    }
    if (this.pendingListOpen === c && this.valuesState !== VALUES_IN_ROW) {
      this.pendingListOpen = 0;
      this.flush(i + 1);
      this.listActive = true;
      this.listClose = c === LPAREN ? RPAREN : RBRACKET;
      this.listDepth = this.depth;
      this.listElement = ELEMENT_START;
      this.listCount = 0;
      this.listFirstEnd = -1;
      this.listFresh = true;
      this.listFirstPosition = this.placeholderCount + 1;
      this.listEntries.length = 0;
    }
    this.pendingListOpen = 0;
    return i + 1;
  }

  private comma(i: number): number {
    if (this.listActive && this.depth === this.listDepth) {
      if (this.listElement === ELEMENT_VALUE || this.listElement === ELEMENT_TYPE) {
        this.listCount += 1;
        if (this.listCount === 1) {
          this.flush(i);
          this.listFirstEnd = this.out.length;
        }
        this.listElement = ELEMENT_START;
      } else {
        this.listActive = false;
      }
    }
    if (this.valuesState === VALUES_AFTER_ROW) this.valuesState = VALUES_EXPECT_ROW;
    return i + 1;
  }

  private close(i: number, c: number): number {
    if (this.listActive && this.depth === this.listDepth) {
      const complete = c === this.listClose && (this.listElement === ELEMENT_VALUE || this.listElement === ELEMENT_TYPE);
      if (complete && this.listCount >= 1 && this.listFresh) this.collapseList(i);
      this.listActive = false;
    }
    if (this.valuesState === VALUES_IN_ROW && this.depth === this.rowDepth && c === RPAREN) {
      this.depth -= 1;
      this.flush(i + 1);
      this.endRow();
      return i + 1;
    }
    if (this.depth > 0) this.depth -= 1;
    return i + 1;
  }

  /** `IN ($1, $2, $3)` becomes `IN ($1)`; every value of the list is a value of `$1`. */
  private collapseList(closeAt: number): void {
    this.flush(closeAt);
    this.out = this.out.slice(0, this.listFirstEnd);
    this.lastOut = this.out.length === 0 ? SPACE : this.out.charCodeAt(this.out.length - 1);
    const position = this.listFirstPosition;
    for (const entry of this.listEntries) this.assign(entry, position);
    this.placeholderCount = position;
  }

  private assign(entry: number, position: number): void {
    if (entry >= 0) this.literalPositions[entry] = position;
    else this.parameterPositions[-entry - 1] = position;
  }

  private endRow(): void {
    this.valuesState = VALUES_AFTER_ROW;
    if (this.rowIndex === 1) {
      this.firstRowShape = this.rowShape;
      this.firstRowEnd = this.out.length;
      this.firstRowPositions = this.rowPositions;
      this.placeholdersAfterFirstRow = this.placeholderCount;
      return;
    }
    if (!this.valuesCollapsing) return;
    if (!this.rowFresh || this.rowShape !== this.firstRowShape) {
      this.valuesCollapsing = false;
      return;
    }
    // A repeated row: its values become values of the first row's placeholders, column by column.
    this.out = this.out.slice(0, this.firstRowEnd);
    this.lastOut = RPAREN;
    for (let k = 0; k < this.rowEntries.length; k += 1) {
      const entry = this.rowEntries[k];
      const position = this.firstRowPositions[k];
      if (entry !== undefined && position !== undefined) this.assign(entry, position);
    }
    this.placeholderCount = this.placeholdersAfterFirstRow;
  }
}

/**
 * The cheap single-pass normalizer that runs in front of the PostgreSQL parser: its
 * output is the cache key and the published normalized text. Follows PostgreSQL's lexer
 * for everything that can hold a value (standard_conforming_strings on).
 */
export function lexicalNormalize(sql: string): LexicalNormalization {
  return lexer.reset(sql).run();
}

// One lexer for the process: statements are normalized one at a time (no re-entry).
const lexer = new Lexer();
