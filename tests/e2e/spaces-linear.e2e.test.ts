/**
 * A team space on Linear with three people, each in their own browser profile, on one sandbox:
 * A imports the example set and publishes it to the Linear team MOB; B, with only a Linear key
 * (never imported anything), sees a Linear issue's KR through its parent and the set in the
 * dashboard; B checks in a value on a metric KR; a script links an issue to that KR through
 * Linear's API; and C, another fresh profile, sees B's value and confidence on that issue.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startSandbox, type Sandbox } from '../sandbox';
import { LINEAR_WORKSPACE, PRIYA_API_KEY } from '../sandbox/linear';
import { EXAMPLE } from '../space/helpers';
import { launchWithExtension, type ExtensionBrowser } from './chromium';
import { EXTENSION_DIR, importExampleSet, saveLinearKey } from './harness';
import { linearGraphql } from './tracker-scripts';

const METRIC_KR = EXAMPLE.keyResults.find((kr) => kr.id === 'kr-mob-checkout-time')!;
const METRIC_OBJECTIVE = EXAMPLE.objectives.find((objective) => objective.id === METRIC_KR.objectiveId)!;
/** An unaligned issue of the seed, linked to the metric KR by a script in the test. */
const LINKED_ISSUE = 'MOB-21';
const NOTE = 'Tap to pay live on iOS';

let sandbox: Sandbox;
const people: Record<'a' | 'b' | 'c', ExtensionBrowser> = {} as never;

const person = () => launchWithExtension({ extensionDir: EXTENSION_DIR, hostResolverRules: sandbox.hostResolverRules });
const page = (who: ExtensionBrowser) => who.context.newPage();
const extensionPage = (who: ExtensionBrowser, path: string) => `chrome-extension://${who.extensionId}/${path}`;
const linearIssue = (key: string) => `https://linear.app/${LINEAR_WORKSPACE}/issue/${key}`;
const card = (p: Page) => p.locator('kr-lens-overlay').getByTestId('kr-lens-kr-card').first();
const workspace = () => sandbox.linear.state.workspace;

/** Someone with only the Linear key: Options, the key, saved and checked; nothing imported. */
async function withLinearKeyOnly(who: ExtensionBrowser): Promise<void> {
  const options = await page(who);
  await options.goto(extensionPage(who, 'options.html'));
  await saveLinearKey(options);
  await options.close();
}

beforeAll(async () => {
  sandbox = await startSandbox();
  [people.a, people.b, people.c] = await Promise.all([person(), person(), person()]);
}, 120_000);

afterAll(async () => {
  await Promise.all(Object.values(people).map((who) => who?.close()));
  await sandbox?.close();
});

describe('a team space on Linear shared by three people', () => {
  it('A publishes the example set to the Linear team MOB, with the plan first, and the space becomes the active set', async () => {
    const options = await page(people.a);
    await options.goto(extensionPage(people.a, 'options.html'));
    await importExampleSet(options);
    await saveLinearKey(options);
    await options.getByTestId('kr-lens-space-tracker').selectOption('linear');
    await options.getByTestId('kr-lens-space-home').fill('MOB');
    await options.getByTestId('kr-lens-space-publish').click();
    await options.getByTestId('kr-lens-space-plan').waitFor({ timeout: 30_000 });
    expect(await options.getByTestId('kr-lens-space-plan').textContent()).toContain('team MOB');
    await options.getByTestId('kr-lens-space-publish-confirm').click();
    await expect.poll(() => options.getByTestId('kr-lens-space-status').textContent(), { timeout: 60_000 }).toContain('now the active set');
    await options.getByTestId('kr-lens-space-list').getByText('Acme Corp OKRs', { exact: false }).first().waitFor({ timeout: 30_000 });

    const setLabel = workspace().labels.find((label) => label.name === 'kr-lens-set')!;
    const mob = workspace().teams.find((team) => team.key === 'MOB')!;
    const setIssues = workspace().issues.filter((issue) => issue.labelIds.includes(setLabel.id));
    expect(setIssues.map((issue) => issue.teamId)).toEqual([mob.id]);
    expect(sandbox.linear.violations).toEqual([]);
  }, 150_000);

  it('B, with only a Linear key, sees a sub-issue’s KR through its parent, from the space, and the set in the dashboard', async () => {
    await withLinearKeyOnly(people.b);
    const issue = await page(people.b);
    await issue.goto(linearIssue('MOB-12'));
    await card(issue).waitFor({ timeout: 30_000 });
    expect(await card(issue).getByTestId('kr-lens-via').textContent()).toContain('MOB-10');
    expect(await issue.locator('kr-lens-overlay').getByTestId('kr-lens-source').textContent()).toContain('team MOB');

    const dashboard = await page(people.b);
    await dashboard.goto(extensionPage(people.b, 'dashboard.html'));
    await dashboard.getByText(METRIC_OBJECTIVE.title).first().waitFor({ timeout: 30_000 });
  }, 90_000);

  it('B checks in a value on a metric KR; once a script links an issue to it, C sees B’s value and confidence there', async () => {
    const dashboard = await page(people.b);
    await dashboard.goto(extensionPage(people.b, `dashboard.html#/kr/${METRIC_KR.id}`));
    await dashboard.getByTestId('kr-lens-dashboard-checkin-value').fill('50');
    await dashboard.getByTestId('kr-lens-dashboard-checkin-confidence').fill('6');
    await dashboard.getByTestId('kr-lens-dashboard-checkin-note').fill(NOTE);
    await dashboard.getByTestId('kr-lens-dashboard-checkin-save').click();
    await expect
      .poll(
        () =>
          workspace().attachments.filter((a) => typeof a.metadata.krLensCheckIn === 'string' && a.metadata.krLensCheckIn.includes(NOTE)),
        { timeout: 30_000 },
      )
      .toHaveLength(1);

    // Not KR Lens: a script (another user's key) links the issue to the KR in Linear's own format.
    const linked = await linearGraphql(
      sandbox,
      PRIYA_API_KEY,
      'mutation LinkToKr($input: AttachmentCreateInput!) { attachmentCreate(input: $input) { success attachment { id } } }',
      {
        input: {
          issueId: LINKED_ISSUE,
          url: METRIC_KR.url,
          title: `KR: ${METRIC_KR.title}`,
          subtitle: METRIC_OBJECTIVE.title,
          metadata: { krLens: `${EXAMPLE.id}:${METRIC_KR.id}` },
        },
      },
    );
    expect(linked.errors).toBeUndefined();

    await withLinearKeyOnly(people.c);
    const issue = await page(people.c);
    await issue.goto(linearIssue(LINKED_ISSUE));
    await card(issue).waitFor({ timeout: 30_000 });
    expect(await card(issue).getByTestId('kr-lens-kr').textContent()).toContain(METRIC_KR.title);
    // (50 − 70) / (30 − 70): B's value is the latest.
    await expect.poll(() => card(issue).getByTestId('kr-lens-progress').textContent(), { timeout: 30_000 }).toBe('50%');
    expect(await card(issue).getByTestId('kr-lens-confidence').textContent()).toContain('6');
    await card(issue).getByTestId('kr-lens-why').click();
    const why = issue.locator('kr-lens-overlay').getByText(NOTE);
    await why.waitFor();
    expect(await why.locator('xpath=..').textContent()).toContain('value 50');
    expect(sandbox.linear.violations).toEqual([]);
  }, 120_000);
});
