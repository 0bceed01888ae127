/**
 * A tracker is a descriptor, not `if (tracker === 'jira')` elsewhere: outside `lib/trackers/`, the
 * two content entrypoints and the tests, no code names a tracker id as a string literal. Code
 * that differs per tracker asks the tracker's descriptor (lib/trackers/registry.ts in the
 * background, lib/trackers/catalog.ts on pages) instead.
 */
import { readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, sourceFiles, withoutComments } from './source-scan';
import { trackerIdSchema } from '../../lib/okr/model';

const SCANNED = ['lib', 'components', 'entrypoints'];

/** Where tracker ids belong: the trackers' folders, their content entrypoints, and the id enum itself. */
const HOMES = ['lib/trackers/', 'entrypoints/jira.content/', 'entrypoints/linear.content/', 'lib/okr/model.ts'];

const TRACKER_LITERAL = new RegExp(`(['"\`])(?:${trackerIdSchema.options.join('|')})\\1`, 'g');

/** The tracker-id literals in a source, comments left out, with their line numbers. */
function trackerLiterals(source: string): string[] {
  return withoutComments(source)
    .split('\n')
    .flatMap((line, index) => [...line.matchAll(TRACKER_LITERAL)].map((match) => `${index + 1}: ${match[0]}`));
}

const posix = (path: string) => path.split(sep).join('/');
const exempt = (path: string) => HOMES.some((prefix) => path === prefix || path.startsWith(prefix));

describe('no tracker branches outside the trackers', () => {
  const files = SCANNED.flatMap((folder) => sourceFiles(join(ROOT, folder)))
    .map((file) => ({ file, name: posix(relative(ROOT, file)) }))
    .filter(({ name }) => !exempt(name));

  it('has files to check', () => {
    expect(files.length).toBeGreaterThan(50);
  });

  it.each(files)('$name', ({ file }) => {
    expect(trackerLiterals(readFileSync(file, 'utf8'))).toEqual([]);
  });
});

describe('the scan catches what it must', () => {
  it.each([
    `if (tracker === 'jira') return site;`,
    `const trackers: TrackerId[] = ["jira", "linear"];`,
    'return { tracker: `linear`, scope };',
    `type Request = { tracker: 'linear'; scope: Scope };`,
  ])('finds the tracker id in %s', (source) => {
    expect(trackerLiterals(source)).not.toEqual([]);
  });

  it.each([
    `// Jira's 'jira' id is named in comments only`,
    `/** a 'linear' scope */ const label = 'Linear acme';`,
    `const key = 'jira|site|session'.length + 'linear-teams'.length;`,
    `const tracker = TRACKERS[request.tracker];`,
  ])('leaves %s alone', (source) => {
    expect(trackerLiterals(source)).toEqual([]);
  });
});
