/**
 * Bundle budgets on the built extension. This lives with the end-to-end suite because `npm test`
 * builds between the unit and the e2e halves: here `.output/chrome-mv3` is the build of the
 * sources under test, not whatever an earlier build left.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLE_BUDGETS, CHROME_OUTPUT, KB, measureBundle, type BundlePartKind } from '../../scripts/bench/bundle';

const built = existsSync(join(CHROME_OUTPUT, 'manifest.json'));
const parts = built ? measureBundle(CHROME_OUTPUT) : [];
const ofKind = (kind: BundlePartKind) => parts.filter((part) => part.kind === kind).map((part) => [part.name, part.gzipBytes] as const);

describe.skipIf(!built)(
  built ? 'bundle budgets (gzip)' : `bundle budgets: skipped, nothing built in ${CHROME_OUTPUT} (run "npm run build")`,
  () => {
    it('measures every part the manifest and the pages load', () => {
      expect(
        ofKind('content-script')
          .map(([name]) => name)
          .sort(),
      ).toEqual(['content-scripts/jira.js', 'content-scripts/linear.js']);
      expect(ofKind('background').map(([name]) => name)).toEqual(['background.js']);
      expect(ofKind('page').map(([name]) => name)).toEqual(expect.arrayContaining(['options.html', 'popup.html']));
      // A page's size includes the chunks it imports: options shares Preact's chunk with the popup.
      expect(parts.find((part) => part.name === 'options.html')!.files.length).toBeGreaterThan(1);
    });

    it.each([
      ...ofKind('content-script').map(([name, bytes]) => ['content script', name, bytes, BUNDLE_BUDGETS['content-script']] as const),
      ...ofKind('background').map(([name, bytes]) => ['background', name, bytes, BUNDLE_BUDGETS.background] as const),
      ...ofKind('page').map(([name, bytes]) => ['extension page', name, bytes, BUNDLE_BUDGETS.page] as const),
    ])('%s %s stays within its budget', (_kind, _name, bytes, budget) => {
      expect(bytes / KB).toBeLessThanOrEqual(budget / KB);
    });
  },
);
