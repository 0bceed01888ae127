/**
 * Finds where a JSON text stops being JSON. `JSON.parse` says so in words that differ between
 * browsers and often without a position (V8: `Unexpected token '}', "..." is not valid JSON`),
 * and a user fixing a file by hand needs the line and column. This scanner checks syntax only,
 * with an explicit stack so a deeply nested file cannot overflow the call stack.
 */

export interface JsonSyntaxError {
  /** Index into the text where the problem starts. */
  offset: number;
  message: string;
}

type Expect = 'value' | 'value-or-]' | 'key-or-}' | 'key' | ':' | ',-or-close' | 'end';

type Token =
  | { kind: '{' | '}' | '[' | ']' | ':' | ','; end: number }
  | { kind: 'value'; end: number }
  | { kind: 'word'; end: number; text: string }
  | { kind: 'error'; offset: number; message: string };

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WORD = /[A-Za-z_$][\w$]*/y;
const ESCAPE = /^(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/;

/** Returns null when the text is valid JSON. */
export function findJsonSyntaxError(text: string): JsonSyntaxError | null {
  const stack: Array<'{' | '['> = [];
  let expect = 'value' as Expect;
  let afterComma = false;
  let i = skipWhitespace(text, 0);
  while (i < text.length) {
    const token = readToken(text, i);
    if (token.kind === 'error') return { offset: token.offset, message: token.message };
    const wrong = (): JsonSyntaxError => ({ offset: i, message: unexpected(token, expect, stack, afterComma) });
    const afterValue = (): Expect => (stack.length > 0 ? ',-or-close' : 'end');
    switch (expect) {
      case 'value':
      case 'value-or-]':
        if (token.kind === ']' && expect === 'value-or-]') {
          stack.pop();
          expect = afterValue();
        } else if (token.kind === '{') {
          stack.push('{');
          expect = 'key-or-}';
        } else if (token.kind === '[') {
          stack.push('[');
          expect = 'value-or-]';
        } else if (token.kind === 'value') expect = afterValue();
        else return wrong();
        break;
      case 'key':
      case 'key-or-}':
        if (token.kind === '}' && expect === 'key-or-}') {
          stack.pop();
          expect = afterValue();
        } else if (token.kind === 'value' && text[i] === '"') expect = ':';
        else return wrong();
        break;
      case ':':
        if (token.kind !== ':') return wrong();
        expect = 'value';
        break;
      case ',-or-close': {
        const top = stack[stack.length - 1];
        if (token.kind === ',') expect = top === '{' ? 'key' : 'value';
        else if ((token.kind === '}' && top === '{') || (token.kind === ']' && top === '[')) {
          stack.pop();
          expect = afterValue();
        } else return wrong();
        break;
      }
      case 'end':
        return wrong();
    }
    afterComma = token.kind === ',';
    i = skipWhitespace(text, token.end);
  }
  if (expect === 'end') return null;
  return { offset: text.length, message: `the file ends too early: ${expectation(expect, stack)}` };
}

/** 1-based line and column of an offset, the way editors count them. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

function skipWhitespace(text: string, from: number): number {
  let i = from;
  while (i < text.length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
  return i;
}

function readToken(text: string, at: number): Token {
  const ch = text[at]!;
  if ('{}[]:,'.includes(ch)) return { kind: ch as '{', end: at + 1 };
  if (ch === '"') return readString(text, at);
  if (ch === "'") return { kind: 'error', offset: at, message: 'JSON strings use double quotes (")' };
  if (ch === '-' || (ch >= '0' && ch <= '9')) {
    NUMBER.lastIndex = at;
    const match = NUMBER.exec(text);
    return match ? { kind: 'value', end: at + match[0].length } : { kind: 'error', offset: at, message: 'this is not a valid number' };
  }
  WORD.lastIndex = at;
  const word = WORD.exec(text)?.[0];
  if (word === 'true' || word === 'false' || word === 'null') return { kind: 'value', end: at + word.length };
  if (word) return { kind: 'word', end: at + word.length, text: word };
  return { kind: 'error', offset: at, message: `unexpected character ${JSON.stringify(ch)}` };
}

function readString(text: string, at: number): Token {
  for (let i = at + 1; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '"') return { kind: 'value', end: i + 1 };
    if (ch < ' ')
      return { kind: 'error', offset: i, message: 'a line break or control character inside a string must be escaped (\\n, \\t, …)' };
    if (ch === '\\') {
      if (!ESCAPE.test(text.slice(i + 1, i + 6))) return { kind: 'error', offset: i, message: 'invalid escape sequence in a string' };
      i++;
    }
  }
  return { kind: 'error', offset: at, message: 'this string is never closed (missing ")' };
}

function expectation(expect: Expect, stack: ReadonlyArray<'{' | '['>): string {
  switch (expect) {
    case 'value':
      return 'expected a value (a string, number, object, array, true, false or null)';
    case 'value-or-]':
      return 'expected a value or "]"';
    case 'key':
      return 'expected a property name in double quotes';
    case 'key-or-}':
      return 'expected a property name in double quotes or "}"';
    case ':':
      return 'expected ":" after the property name';
    case ',-or-close':
      return stack[stack.length - 1] === '{' ? 'expected "," or "}" after the property value' : 'expected "," or "]" after the array item';
    case 'end':
      return 'expected the end of the file';
  }
}

function unexpected(token: Token, expect: Expect, stack: ReadonlyArray<'{' | '['>, afterComma: boolean): string {
  if (afterComma && (token.kind === '}' || token.kind === ']')) return 'a trailing comma is not allowed in JSON';
  if (expect === 'end') return 'unexpected text after the end of the JSON data';
  const found =
    token.kind === 'word' ? ` but found ${JSON.stringify(token.text)}` : token.kind === 'error' ? '' : ` but found ${describe(token)}`;
  return `${expectation(expect, stack)}${found}`;
}

function describe(token: Token): string {
  return token.kind === 'value' ? 'a value' : `"${token.kind}"`;
}
