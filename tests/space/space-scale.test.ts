/**
 * What reading a large space costs (SPEC "Team spaces": a handful of requests for 200 records and
 * 2,000 check-ins, never one per record), counted by the fakes, against the fewest requests any
 * client could send under each API's limits:
 *
 * - Jira: the records come only with a search (100 issues a page when properties and fields are
 *   asked for) → ceil(200/100) = 2; check-in properties come only from POST /comment/list
 *   (≤ 1,000 ids) → ceil(2,000/1,000) = 2; the comment ids come with the search. Bound: 4.
 * - Linear: records and check-ins are attachments, 250 a page in one connection →
 *   ceil(2,200/250) = 9. (Aliased connections over disjoint filters could split one request's
 *   work further, but only with ranges known before the read.) Bound: 9.
 */
import { describe, expect, it } from 'vitest';
import { draftsFromSet } from '../../lib/space/record';
import { ACME_USERS } from '../sandbox/jira/seed';
import { seedJiraSpace } from '../sandbox/jira/space-seed';
import { DANA } from '../sandbox/linear';
import { seedLinearSpace } from '../sandbox/linear/space-seed';
import { useFakeJira } from '../trackers/jira/helpers';
import { useFakeLinear } from '../trackers/linear/helpers';
import { jiraStore, linearStore, readSet } from './helpers';
import { largeSet } from './large-set';

const SPACE = { home: 'BIG', setId: 'big' };
const BIG = largeSet();

describe('reading a space of 200 records and 2,000 check-ins', () => {
  it('holds 200 records', () => {
    expect(draftsFromSet(BIG)).toHaveLength(200);
    expect(BIG.checkIns).toHaveLength(2000);
  });

  describe('on Jira', () => {
    const getFake = useFakeJira();

    it('costs 4 requests, the lower bound, and reads back the very same set', async () => {
      const fake = getFake();
      seedJiraSpace(fake.state, BIG, 'BIG', ACME_USERS.dana);
      // Published an hour ago, so a refresh now finds nothing changed.
      for (const issue of fake.state.issues.values()) issue.updated = new Date(Date.now() - 3_600_000).toISOString().replace('Z', '+0000');
      const { set, skipped, read } = await readSet(jiraStore(fake), SPACE);
      const requests = fake.requests.map((r) => `${r.method} ${r.path}`);
      console.info(`Jira, 200 records and 2,000 check-ins: ${requests.length} requests (lower bound 4): ${requests.join(', ')}`);
      expect(requests).toEqual([
        'POST /rest/api/3/search/jql',
        'POST /rest/api/3/search/jql',
        'POST /rest/api/3/comment/list',
        'POST /rest/api/3/comment/list',
      ]);
      expect(skipped).toEqual([]);
      expect(set).toEqual(BIG);

      fake.requests.length = 0;
      await jiraStore(fake).readSpace(SPACE, read.cursor);
      expect(fake.requests.map((r) => r.path)).toEqual(['/rest/api/3/search/jql']);
    });

    it('reads the comment pages only of an issue whose comment field was capped', async () => {
      const fake = getFake();
      seedJiraSpace(fake.state, largeSet(250), 'BIG', ACME_USERS.dana);
      const { set } = await readSet(jiraStore(fake), SPACE);
      const pages = fake.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/comment'));
      expect(pages.map((r) => r.query.get('startAt'))).toEqual(['0', '100', '200']);
      expect(fake.requests).toHaveLength(4 + 3);
      expect(set?.checkIns).toHaveLength(2000);
    });
  });

  describe('on Linear', () => {
    const harness = useFakeLinear({ seed: { empty: true } });

    it('costs 9 requests, the lower bound, and reads back the very same set', async () => {
      const team = harness.fake.state.workspace.teams.find((t) => t.key === 'MOB')!;
      seedLinearSpace(harness.fake.state.workspace, BIG, team.key, DANA, new Date(Date.now() - 3_600_000));
      const { set, skipped, read } = await readSet(linearStore(harness.fake), { ...SPACE, home: 'MOB' });
      const operations = harness.fake.operations();
      console.info(`Linear, 200 records and 2,000 check-ins: ${operations.length} requests (lower bound 9)`);
      expect(operations).toEqual(Array(9).fill('KrLensSpaceAttachments'));
      expect(skipped).toEqual([]);
      expect(set).toEqual(BIG);

      const from = harness.fake.requests.length;
      await linearStore(harness.fake).readSpace({ ...SPACE, home: 'MOB' }, read.cursor);
      expect(harness.fake.requests.length - from).toBe(1);
    });
  });
});
