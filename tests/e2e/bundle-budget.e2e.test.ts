/**
 * Bundle budgets on the built extension. This lives with the end-to-end suite because `npm test`
 * builds between the unit and the e2e halves: here `.output/chrome-mv3` is the build of the
 * sources under test, not whatever an earlier build left.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLE_BUDGETS, CHROME_OUTPUT, enforcedCeiling, KB, measureBundle, type BundlePartKind } from '../../scripts/bench/bundle';

const built = existsSync(join(CHROME_OUTPUT, 'manifest.json'));
const parts = built ? measureBundle(CHROME_OUTPUT) : [];
const ofKind = (kind: BundlePartKind) => parts.filter((part) => part.kind === kind).map((part) => [part.name, part.gzipBytes] as const);

describe.skipIf(!built)(built ? 'bundle budgets (gzip)' : `bundle budgets: skipped, nothing built in ${CHROME_OUTPUT} (run "npm run build")`, () => {
  it('measures every part the manifest and the pages load', () => {
    expect(ofKind('content-script').map(([name]) => name).sort()).toEqual(['content-scripts/jira.js', 'content-scripts/linear.js']);
    expect(ofKind('background').map(([name]) => name)).toEqual(['background.js']);
    expect(ofKind('page').map(([name]) => name)).toEqual(expect.arrayContaining(['options.html', 'popup.html']));
    // A page's size includes the chunks it imports: options shares Preact's chunk with the popup.
    expect(parts.find((part) => part.name === 'options.html')!.files.length).toBeGreaterThan(1);
  });

  it.each(ofKind('content-script'))(`content script %s is within ${BUNDLE_BUDGETS['content-script'].goalBytes / KB} KB`, (_name, bytes) => {
    expect(bytes).toBeLessThanOrEqual(enforcedCeiling('content-script'));
  });

  // enforcedCeiling is the goal unless BUNDLE_BUDGETS names an interim ceiling for a goal not met yet.
  it.each(ofKind('background'))(`background %s is within ${enforcedCeiling('background') / KB} KB (goal ${BUNDLE_BUDGETS.background.goalBytes / KB} KB)`, (_name, bytes) => {
    expect(bytes).toBeLessThanOrEqual(enforcedCeiling('background'));
  });

  it.each(ofKind('page'))(`extension page %s loads at most ${BUNDLE_BUDGETS.page.goalBytes / KB} KB of script`, (_name, bytes) => {
    expect(bytes).toBeLessThanOrEqual(enforcedCeiling('page'));
  });
});
