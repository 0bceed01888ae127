import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findJsonSyntaxError, lineAndColumn } from '../../lib/store/json-syntax';

describe('findJsonSyntaxError', () => {
  it.each([
    ['trailing comma in object', '{\n  "a": 1,\n}', 3, 1, 'trailing comma'],
    ['trailing comma in array', '[1, 2,\n]', 2, 1, 'trailing comma'],
    ['missing comma', '{\n  "a": 1\n  "b": 2\n}', 3, 3, 'expected "," or "}"'],
    ['unquoted key', '{ a: 1 }', 1, 3, 'property name in double quotes or "}" but found "a"'],
    ['single quotes', "{ 'a': 1 }", 1, 3, 'double quotes'],
    ['bad literal', '{"a": tru}', 1, 7, 'found "tru"'],
    ['missing colon', '{"a" 1}', 1, 6, 'expected ":"'],
    ['unclosed string', '{"a": "b}', 1, 7, 'never closed'],
    ['raw line break in string', '{"a": "b\nc"}', 1, 9, 'must be escaped'],
    ['bad escape', '{"a": "\\x"}', 1, 8, 'invalid escape'],
    ['ends early', '{"a": [1, 2', 1, 12, 'ends too early'],
    ['text after the data', '{"a": 1}\n}', 2, 1, 'after the end'],
    ['stray character', '{"a": #}', 1, 7, 'unexpected character "#"'],
  ])('%s', (_name, text, line, column, message) => {
    const found = findJsonSyntaxError(text);
    expect(found).not.toBeNull();
    expect(lineAndColumn(text, found!.offset)).toEqual({ line, column });
    expect(found!.message).toContain(message);
    expect(() => JSON.parse(text)).toThrow();
  });

  it('accepts everything JSON.stringify writes', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 0, max: 4 }), (value, indent) => {
        expect(findJsonSyntaxError(JSON.stringify(value, null, indent))).toBeNull();
      }),
    );
  });

  it('agrees with JSON.parse on damaged JSON', () => {
    const damaged = fc
      .tuple(fc.json(), fc.nat(), fc.constantFrom('', ',', '}', ']', '"', ':', 'x', ' ', '\n', '1'), fc.nat({ max: 2 }))
      .map(([text, at, insert, cut]) => {
        const i = text.length === 0 ? 0 : at % text.length;
        return text.slice(0, i) + insert + text.slice(i + cut);
      });
    fc.assert(
      fc.property(damaged, (text) => {
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        expect(findJsonSyntaxError(text) === null).toBe(valid);
      }),
      { numRuns: 2000 },
    );
  });

  it('survives deep nesting without overflowing the stack', () => {
    const deep = '['.repeat(200_000) + ']'.repeat(199_999);
    expect(findJsonSyntaxError(deep)?.message).toContain('ends too early');
  });
});

describe('lineAndColumn', () => {
  it.each([
    ['abc', 0, 1, 1],
    ['abc', 2, 1, 3],
    ['a\nbc', 2, 2, 1],
    ['a\r\nbc\nd', 6, 3, 1],
  ])('%j at %i is line %i, column %i', (text, offset, line, column) => {
    expect(lineAndColumn(text, offset)).toEqual({ line, column });
  });
});
