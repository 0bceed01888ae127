/**
 * A small reader of our own sources for the tests that keep the house's rules: which modules a
 * file imports, with comments left out. Good enough for code we write, which the scanner only
 * needs not to miss.
 */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');

export interface ImportStatement {
  specifier: string;
  /** `import type …` / `export type … from`: erased at build time, so no code is pulled in. */
  typeOnly: boolean;
}

const IMPORT_PATTERNS: ReadonlyArray<{ pattern: RegExp; typeGroup?: number }> = [
  { pattern: /\bimport\s+(type\s+)?[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g, typeGroup: 1 },
  { pattern: /\bexport\s+(type\s+)?[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g, typeGroup: 1 },
  { pattern: /\bimport\s*()['"]([^'"]+)['"]/g },
  { pattern: /\bimport\s*\(\s*()['"`]([^'"`]+)['"`]\s*\)/g },
  { pattern: /\brequire\s*\(\s*()['"`]([^'"`]+)['"`]\s*\)/g },
];

/**
 * Comments out, strings kept. A line comment starts at `//` not preceded by `:` (so URLs in
 * strings survive).
 */
export function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:\\'"])\/\/.*$/gm, '$1');
}

export function importStatements(code: string): ImportStatement[] {
  return IMPORT_PATTERNS.flatMap(({ pattern, typeGroup }) =>
    [...code.matchAll(pattern)].map((m) => ({ specifier: m[2]!, typeOnly: typeGroup !== undefined && Boolean(m[typeGroup]) })),
  );
}

export function importSpecifiers(code: string): string[] {
  return importStatements(code).map((statement) => statement.specifier);
}

/** Source files under `dir`, tests left out. */
export function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    const isSource = /\.(?:[cm]?[jt]sx?)$/.test(entry.name) && !/\.(?:test|spec)\.[cm]?[jt]sx?$/.test(entry.name);
    return isSource ? [path] : [];
  });
}
