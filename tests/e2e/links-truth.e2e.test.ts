/**
 * SPEC "The links are the truth", where users see it: a story under an epic that a script linked
 * to a KR (the published remote link, no `kr-lens-links` mirror) shows the KR "via" the epic with
 * the progress of everything linked, in Chromium with the built extension.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIssueGraph } from '../../lib/okr/issue-graph';
import { defaultLinkUrl } from '../../lib/okr/model';
import { resolvePlaybook } from '../../lib/okr/playbook';
import { krProgress } from '../../lib/okr/progress';
import { progressText } from '../../lib/view/overlay';
import { parseOkrFile } from '../../lib/store';
import { JIRA_LINKS_PROPERTY, krRefsFromRemoteLinks, mapIssue, rawIssueSchema } from '../../lib/trackers/jira/map';
import { linkByScript } from '../sandbox/jira/outside-links';
import { renderIssue, type FakeJiraState } from '../sandbox/jira/state';
import { EXAMPLE_SET, screenshot, startE2E, type E2E } from './harness';

const JIRA = 'https://acme.atlassian.net';
const EPIC = 'GROW-16';
const STORY = 'GROW-17';
const KR_ID = 'kr-plat-p95-checkout';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.close();
});

const set = (() => {
  const parsed = parseOkrFile(readFileSync(EXAMPLE_SET, 'utf8'), 'acme.okr.json');
  if (!parsed.ok) throw new Error('the example set must parse');
  return parsed.set;
})();
const kr = { ...set.keyResults.find((each) => each.id === KR_ID)!, url: defaultLinkUrl(set, KR_ID) };

/**
 * The KR's progress from the fake's remote links as they are (not through KR Lens's reads or any
 * mirror): every issue mapped as Jira returns it, with the KRs its links name.
 */
function expectedProgress(state: FakeJiraState): string {
  const catalog = { estimateFieldIds: [state.fieldIds.storyPoints], sprintFieldId: state.fieldIds.sprint };
  const snapshots = [...state.issues.values()].map((issue) => ({
    ...mapIssue(rawIssueSchema.parse(renderIssue(state, issue, ['*all'], [])), { site: JIRA, catalog }),
    krRefs: krRefsFromRemoteLinks(issue.remoteLinks),
  }));
  return progressText(krProgress(kr, { set, graph: buildIssueGraph(snapshots), playbook: resolvePlaybook(set.playbook) }).progress);
}

async function cardFor(page: Page, title: string) {
  const card = page
    .locator('kr-lens-overlay')
    .getByTestId('kr-lens-kr-card')
    .filter({ has: page.getByTestId('kr-lens-kr').filter({ hasText: title }) });
  await card.first().waitFor();
  return card.first();
}

describe('a story under an epic linked only by a remote link', () => {
  it('shows the KR via the epic and the progress of all the linked work', async () => {
    const state = e2e.sandbox.jira.state;
    // As a script or an automation rule following the published format would: the remote link only.
    linkByScript(
      state,
      EPIC,
      { krId: KR_ID, title: kr.title, objective: set.objectives.find((o) => o.id === kr.objectiveId)!.title },
      set.id,
    );
    expect(state.issues.get(EPIC)!.properties).not.toHaveProperty(JIRA_LINKS_PROPERTY);
    const expected = expectedProgress(state);
    expect(expected).toMatch(/^\d+%$/);

    const { page, pageErrors } = await e2e.newPage();
    await page.goto(`${JIRA}/browse/${STORY}`);
    const card = await cardFor(page, kr.title);
    await expect.poll(() => card.getByTestId('kr-lens-via').textContent()).toContain(EPIC);
    expect(await card.getByTestId('kr-lens-progress').textContent()).toBe(expected);
    await expect.poll(() => page.locator('kr-lens-overlay').getByTestId('kr-lens-unaligned').count()).toBe(0);
    await screenshot(page, 'jira-story-via-script-linked-epic');

    // The epic's own page agrees.
    await page.goto(`${JIRA}/browse/${EPIC}`);
    const epicCard = await cardFor(page, kr.title);
    expect(await epicCard.getByTestId('kr-lens-progress').textContent()).toBe(expected);
    expect(await epicCard.getByTestId('kr-lens-via').count()).toBe(0);
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
