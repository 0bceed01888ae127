/**
 * The one-way flow, checked: page → content script → background service → tracker adapter →
 * pure core → view model → component. Each rule names the folders it covers and what they may
 * not import; ARCHITECTURE.md lists the same rules. (The core's own rule lives in
 * tests/okr/purity.test.ts.)
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importStatements, ROOT, sourceFiles, withoutComments, type ImportStatement } from './source-scan';

interface ImportRule {
  name: string;
  /** Folders (from the repository root) whose files the rule covers. */
  covers: string[];
  /** Why an import is refused, or null when it is allowed. */
  refuse(target: string, statement: ImportStatement): string | null;
}

const under = (target: string, folder: string) => target === join(ROOT, folder) || target.startsWith(join(ROOT, folder) + sep);

/** What an import names: a path inside the repository for relative imports, else the package. */
function targetOf(file: string, specifier: string): string {
  return specifier.startsWith('.') ? resolve(dirname(file), specifier) : specifier;
}

/** Modules of lib/store that touch no storage: parsing files and wording results. */
const PURE_STORE_MODULES = ['file', 'result', 'diff', 'json-syntax'];

/** A page's state folder, `entrypoints/<page>/state/…`. */
const PAGE_STATE = /[/\\]entrypoints[/\\][^/\\]+[/\\]state([/\\]|$)/;

/** A tracker folder's descriptor (the folder's index) or a module that talks to its API. */
function isTrackerApiModule(target: string): boolean {
  if (!under(target, 'lib/trackers')) return false;
  const inFolder = relative(join(ROOT, 'lib/trackers'), target).split(sep);
  if (inFolder.length === 1) return existsSync(target) && statSync(target).isDirectory();
  return inFolder.length === 2 && /^(client[\w-]*|documents|space[\w-]*|link-truth|map|index)$/.test(inFolder[1]!);
}

const API_CLIENTS = ['jira.js', '@linear/sdk', 'graphql'];

export const IMPORT_RULES: ImportRule[] = [
  {
    name: 'components never call the service or a tracker',
    covers: ['components'],
    refuse: (target, { typeOnly }) => {
      if (under(target, 'lib/trackers') && !typeOnly && target !== join(ROOT, 'lib/trackers/catalog')) return 'imports tracker code';
      if ((under(target, 'lib/messaging') || target === join(ROOT, 'lib/messaging-host')) && !typeOnly)
        return 'imports the messaging client';
      // A page's state types (the forms and steps its components render) are the one way in.
      if (under(target, 'entrypoints') && !(typeOnly && PAGE_STATE.test(target))) return 'imports an entrypoint';
      if (under(target, 'lib/store') && !typeOnly && !PURE_STORE_MODULES.some((m) => target === join(ROOT, 'lib/store', m))) {
        return 'imports OKR storage (only its pure file and result helpers are for pages)';
      }
      return null;
    },
  },
  {
    name: 'content scripts never import the background or an API client',
    covers: ['lib/content', 'entrypoints/jira.content', 'entrypoints/linear.content'],
    refuse: (target, { typeOnly }) => {
      if (typeOnly) return null;
      if (under(target, 'entrypoints/background')) return 'imports the background';
      if (API_CLIENTS.some((pkg) => target === pkg || target.startsWith(`${pkg}/`))) return `imports the API client ${target}`;
      if (isTrackerApiModule(target))
        return 'imports a tracker API module or descriptor (only page.ts, info.ts and scopes.ts are page-safe)';
      if (target === join(ROOT, 'lib/trackers/registry')) return 'imports the adapter registry';
      if (under(target, 'lib/store')) return 'imports OKR storage';
      return null;
    },
  },
];

function violations(rule: ImportRule, file: string, source: string): string[] {
  return importStatements(withoutComments(source)).flatMap((statement) => {
    const why = rule.refuse(targetOf(file, statement.specifier), statement);
    return why ? [`${statement.specifier}: ${why}`] : [];
  });
}

describe.each(IMPORT_RULES)('$name', (rule) => {
  const files = rule.covers.filter((folder) => existsSync(join(ROOT, folder))).flatMap((folder) => sourceFiles(join(ROOT, folder)));

  it('has files to check', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files.map((file) => ({ file, name: relative(ROOT, file) })))('$name', ({ file }) => {
    expect(violations(rule, file, readFileSync(file, 'utf8'))).toEqual([]);
  });
});

describe('the import rules catch what they must', () => {
  const [components, content] = IMPORT_RULES as [ImportRule, ImportRule];
  const inComponents = join(ROOT, 'components/options/Example.tsx');
  const inContent = join(ROOT, 'lib/content/example.ts');

  it.each([
    { rule: components, file: inComponents, source: `import { createServiceClient } from '../../lib/messaging';` },
    { rule: components, file: inComponents, source: `import { createJiraAdapter } from '../../lib/trackers/jira/client';` },
    { rule: components, file: inComponents, source: `import { readSets } from '../../lib/store/sets';` },
    { rule: content, file: inContent, source: `import { createOkrService } from '../../entrypoints/background/okr-service';` },
    { rule: content, file: inContent, source: `import { Version3Client } from 'jira.js';` },
    { rule: content, file: inContent, source: `import { LinearGraphQLClient } from '@linear/sdk';` },
    { rule: content, file: inContent, source: `import { createLinearAdapter } from '../trackers/linear/client';` },
    { rule: content, file: inContent, source: `import { createAdapterRegistry } from '../trackers/registry';` },
    { rule: content, file: inContent, source: `import { jiraTracker } from '../trackers/jira';` },
    { rule: content, file: inContent, source: `import { createJiraSpaceStore } from '../trackers/jira/space-read';` },
  ])('refuses $source in $file', ({ rule, file, source }) => {
    expect(violations(rule, file, source)).toHaveLength(1);
  });

  it.each([
    { rule: components, file: inComponents, source: `import type { PageHealthView } from '../../lib/messaging';` },
    { rule: components, file: inComponents, source: `import type { OverlayView } from '../../lib/view/types';` },
    { rule: components, file: inComponents, source: `import { formatFieldError } from '../../lib/store/result';` },
    { rule: content, file: inContent, source: `import { jiraPage } from '../trackers/jira/page';` },
    { rule: content, file: inContent, source: `import type { TrackerAdapter } from '../trackers/tracker';` },
    { rule: content, file: inContent, source: `import { TRACKER_INFO } from '../trackers/catalog';` },
  ])('allows $source', ({ rule, file, source }) => {
    expect(violations(rule, file, source)).toEqual([]);
  });
});
