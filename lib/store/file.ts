/**
 * OKR files as text: size guard, JSON or YAML syntax, migrations and validation, and the way
 * back to text for export. Pure: nothing here touches storage.
 */
import { parseDocument, stringify } from 'yaml';
import type { OkrSet, OkrSetInput } from '../okr/model';
import { parseOkrSet } from '../okr/validate';
import { findJsonSyntaxError, lineAndColumn } from './json-syntax';
import { migrateOkrDocument } from './migrations';
import { failure, type Failure, type Result } from './result';
import { messageOf } from '../util/error';

export type OkrFileFormat = 'json' | 'yaml';

/** Larger files are refused before any parsing, so a wrong file cannot freeze the page. */
export const MAX_OKR_FILE_BYTES = 5 * 1024 * 1024;

/** YAML aliases can expand a small file into a huge value ("billion laughs"); real OKR files need few. */
const MAX_YAML_ALIASES = 100;

/** For callers that know the size before reading the text, such as a `File` from a file input. */
export function checkOkrFileSize(bytes: number): Failure | null {
  if (bytes <= MAX_OKR_FILE_BYTES) return null;
  return failure(
    'too-large',
    `The file is ${formatMegabytes(bytes)}; KR Lens imports OKR files up to ${formatMegabytes(MAX_OKR_FILE_BYTES)}. Nothing was imported.`,
  );
}

/** The file name decides when it has a known extension; otherwise a leading `{` means JSON. */
export function detectFormat(text: string, fileName?: string): OkrFileFormat {
  const extension = fileName?.toLowerCase().match(/\.([a-z]+)$/)?.[1];
  if (extension === 'json') return 'json';
  if (extension === 'yaml' || extension === 'yml') return 'yaml';
  return /^\s*[{[]/.test(text) ? 'json' : 'yaml';
}

/** Syntax only: the document the text holds, or where its syntax breaks. */
export function parseOkrText(text: string, fileName?: string): Result<{ document: unknown; format: OkrFileFormat }> {
  // Characters never outnumber UTF-8 bytes, so a long string is refused without encoding it.
  const tooLarge = checkOkrFileSize(text.length > MAX_OKR_FILE_BYTES ? text.length : utf8Length(text));
  if (tooLarge) return tooLarge;
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') return failure('syntax', 'The file is empty.');
  const format = detectFormat(body, fileName);
  const parsed = format === 'json' ? parseJson(body) : parseYaml(body);
  return parsed.ok ? { ok: true, document: parsed.document, format } : parsed;
}

export interface ParsedOkrFile {
  /** Validated, but key results may still lack their link URL (the store assigns it). */
  set: OkrSetInput;
  format: OkrFileFormat;
  /** The schema version the file was written in, before migrations. */
  fromSchemaVersion: number;
}

/** Text → a valid OKR set: size guard, syntax, migrations, then validation with exact paths. */
export function parseOkrFile(text: string, fileName?: string): Result<ParsedOkrFile> {
  const parsed = parseOkrText(text, fileName);
  if (!parsed.ok) return parsed;
  const migrated = migrateOkrDocument(parsed.document);
  if (!migrated.ok) return migrated;
  const validated = parseOkrSet(migrated.document);
  if (!validated.ok) return { ok: false, kind: 'invalid', errors: validated.errors };
  return { ok: true, set: validated.set, format: parsed.format, fromSchemaVersion: migrated.fromVersion };
}

/** Text that `parseOkrFile` reads back to the same set. */
export function serializeOkrSet(set: OkrSet | OkrSetInput, format: OkrFileFormat): string {
  if (format === 'json') return `${JSON.stringify(set, null, 2)}\n`;
  // No anchors/aliases: the file is meant to be read and edited by people.
  return stringify(set, { aliasDuplicateObjects: false, lineWidth: 0 });
}

function parseJson(text: string): Result<{ document: unknown }> {
  try {
    return { ok: true, document: JSON.parse(text) as unknown };
  } catch (error) {
    const found = findJsonSyntaxError(text);
    if (!found) return failure('syntax', `The file is not valid JSON: ${messageOf(error)}.`);
    const { line, column } = lineAndColumn(text, found.offset);
    return failure('syntax', `The file is not valid JSON: line ${line}, column ${column}: ${found.message}.`);
  }
}

function parseYaml(text: string): Result<{ document: unknown }> {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    return {
      ok: false,
      kind: 'syntax',
      errors: doc.errors.map((error) => {
        const start = error.linePos?.[0];
        const { line, column } = start ? { line: start.line, column: start.col } : lineAndColumn(text, error.pos[0]);
        // yaml appends " at line L, column C:" and a code excerpt; we say the position ourselves.
        const what = yamlWording[error.code] ?? (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
        return { path: '', message: `The file is not valid YAML: line ${line}, column ${column}: ${what}.` };
      }),
    };
  }
  try {
    return { ok: true, document: doc.toJS({ maxAliasCount: MAX_YAML_ALIASES }) as unknown };
  } catch (error) {
    // Unresolved aliases and alias bombs surface only when the document is built.
    return failure('syntax', `The file is not valid YAML: ${messageOf(error)}.`);
  }
}

/** Where the library's wording speaks to programmers rather than to someone editing a file. */
const yamlWording: Partial<Record<string, string>> = {
  MULTIPLE_DOCS: 'a second YAML document starts here ("---"); an OKR file holds one set',
};

function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}

function formatMegabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return Number.isInteger(mb) ? `${mb} MB` : `${mb.toFixed(1)} MB`;
}
