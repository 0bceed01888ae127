/**
 * Team spaces with three people, each in their own browser profile, on one sandbox:
 * A imports the example set and publishes it to a Jira project; B, who never opened Options,
 * sees a story's KR through its epic; B checks in on that KR and C sees B's confidence; B's edit of a KR title that A changed meanwhile shows kr-lens-conflict and A's
 * title survives; B checks in a value on a metric KR, a script links an issue to it through Jira's
 * API, and a fresh profile sees B's value and confidence on that issue.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startSandbox, SANDBOX_JIRA_SITE, JIRA_SESSION_COOKIE, type Sandbox } from '../sandbox';
import { ACME_USERS } from '../sandbox/jira/seed';
import { launchWithExtension, type ExtensionBrowser } from './chromium';
import { EXTENSION_DIR, importExampleSet } from './harness';
import { EXAMPLE } from '../space/helpers';
import { jiraPost } from './tracker-scripts';

const METRIC_KR = 'kr-plat-p95-checkout';
let sandbox: Sandbox;
const people: Partial<Record<'a' | 'b' | 'c' | 'd', ExtensionBrowser>> & Record<'a' | 'b' | 'c', ExtensionBrowser> = {} as never;

async function person(session: string): Promise<ExtensionBrowser> {
  const browser = await launchWithExtension({ extensionDir: EXTENSION_DIR, hostResolverRules: sandbox.hostResolverRules });
  await browser.context.addCookies([
    {
      name: JIRA_SESSION_COOKIE,
      value: session,
      domain: new URL(SANDBOX_JIRA_SITE).hostname,
      path: '/',
      secure: true,
      httpOnly: true,
      sameSite: 'Lax',
    },
  ]);
  return browser;
}

const page = (who: ExtensionBrowser) => who.context.newPage();
const extensionPage = (who: ExtensionBrowser, path: string) => `chrome-extension://${who.extensionId}/${path}`;
const card = (p: Page) => p.locator('kr-lens-overlay').getByTestId('kr-lens-kr-card').first();

beforeAll(async () => {
  sandbox = await startSandbox();
  people.a = await person(ACME_USERS.dana.sessionToken);
  people.b = await person(ACME_USERS.priya.sessionToken);
  people.c = await person(ACME_USERS.dana.sessionToken);
}, 120_000);

afterAll(async () => {
  await Promise.all(Object.values(people).map((who) => who?.close()));
  await sandbox?.close();
});

describe('a team space shared by three people', () => {
  it('A publishes the example set to the PLAT project, with the plan first, and the space becomes the active set', async () => {
    const options = await page(people.a);
    await options.goto(extensionPage(people.a, 'options.html'));
    await importExampleSet(options);
    // A Jira site comes from browsing it while signed in: no Options setup for Jira.
    const jira = await page(people.a);
    await jira.goto(`${SANDBOX_JIRA_SITE}/browse/PLAT-1`);
    await card(jira).waitFor();
    await options.reload();
    await options.getByTestId('kr-lens-space-tracker').selectOption('jira');
    await options.getByTestId('kr-lens-space-home').fill('PLAT');
    await options.getByTestId('kr-lens-space-publish').click();
    await options.getByTestId('kr-lens-space-plan').waitFor();
    await options.getByTestId('kr-lens-space-publish-confirm').click();
    await options.getByTestId('kr-lens-space-list').getByText('Acme Corp OKRs', { exact: false }).first().waitFor({ timeout: 60_000 });
    await expect.poll(() => options.getByTestId('kr-lens-space-status').textContent(), { timeout: 60_000 }).toContain('now the active set');
    const published = [...sandbox.jira.state.issues.values()].filter((issue) => issue.labels.includes('kr-lens-set'));
    expect(published.map((issue) => issue.projectKey)).toEqual(['PLAT']);
  }, 120_000);

  it('B, who never opened Options, sees a story’s KR through its epic, with where it comes from', async () => {
    const story = await page(people.b);
    await story.goto(`${SANDBOX_JIRA_SITE}/browse/PLAT-2`);
    await card(story).waitFor({ timeout: 30_000 });
    expect(await card(story).getByTestId('kr-lens-kr').textContent()).toContain('Checkout API p95 under 400 ms');
    expect(await card(story).getByTestId('kr-lens-via').textContent()).toContain('PLAT-1');
    expect(await story.locator('kr-lens-overlay').getByTestId('kr-lens-source').textContent()).toContain('project PLAT');
  }, 60_000);

  it('B checks in on a KR (confidence and note), and C, another fresh profile, sees B’s confidence', async () => {
    const dashboard = await page(people.b);
    await dashboard.goto(extensionPage(people.b, `dashboard.html#/kr/${METRIC_KR}`));
    await dashboard.getByTestId('kr-lens-dashboard-checkin-confidence').fill('4');
    await dashboard.getByTestId('kr-lens-dashboard-checkin-note').fill('Redis cache rolled out');
    await dashboard.getByTestId('kr-lens-dashboard-checkin-save').click();
    await expect
      .poll(
        () =>
          [...sandbox.jira.state.issues.values()]
            .flatMap((i) => i.comments ?? [])
            .some((c) => JSON.stringify(c.properties).includes('Redis cache rolled out')),
        { timeout: 30_000 },
      )
      .toBe(true);

    const epic = await page(people.c);
    await epic.goto(`${SANDBOX_JIRA_SITE}/browse/PLAT-1`);
    await card(epic).waitFor({ timeout: 30_000 });
    await expect.poll(() => card(epic).getByTestId('kr-lens-confidence').textContent(), { timeout: 30_000 }).toContain('4');
  }, 90_000);

  it('B’s edit of a KR title A changed meanwhile shows kr-lens-conflict, and A’s title survives', async () => {
    const title = 'Checkout API p95 under 400 ms in every region';
    const bEdit = await page(people.b);
    await bEdit.goto(extensionPage(people.b, 'dashboard.html#/edit'));
    await bEdit.getByRole('button', { name: `Edit “${title}”` }).click();

    const aEdit = await page(people.a);
    await aEdit.goto(extensionPage(people.a, 'dashboard.html#/edit'));
    await aEdit.getByRole('button', { name: `Edit “${title}”` }).click();
    await aEdit.getByTestId('kr-lens-dashboard-editor-title').fill('Checkout API p95 under 350 ms in every region');
    await aEdit.getByTestId('kr-lens-dashboard-editor-save').click();
    await expect.poll(() => aEdit.getByTestId('kr-lens-dashboard-edit-status').textContent(), { timeout: 30_000 }).toContain('Saved');

    await bEdit.getByTestId('kr-lens-dashboard-editor-title').fill('Checkout API p95 under 380 ms in every region');
    await bEdit.getByTestId('kr-lens-dashboard-editor-save').click();
    const conflict = bEdit.getByTestId('kr-lens-conflict');
    await conflict.waitFor({ timeout: 30_000 });
    expect(await conflict.textContent()).toContain(ACME_USERS.dana.displayName);
    expect(await bEdit.getByTestId('kr-lens-dashboard-editor-title').inputValue()).toBe('Checkout API p95 under 380 ms in every region');
    const krIssue = [...sandbox.jira.state.issues.values()].find(
      (i) => (i.properties['kr-lens.record'] as { id?: string } | undefined)?.id === METRIC_KR,
    );
    expect((krIssue!.properties['kr-lens.record'] as { data: { title: string } }).data.title).toBe(
      'Checkout API p95 under 350 ms in every region',
    );
  }, 90_000);

  it('B checks in a value on a metric KR; once a script links an issue to it, a fresh profile sees B’s value and confidence there', async () => {
    const kr = EXAMPLE.keyResults.find((k) => k.id === 'kr-plat-error-rate')!;
    const objective = EXAMPLE.objectives.find((o) => o.id === kr.objectiveId)!;
    const note = 'Retries moved to the queue';
    const dashboard = await page(people.b);
    await dashboard.goto(extensionPage(people.b, `dashboard.html#/kr/${kr.id}`));
    await dashboard.getByTestId('kr-lens-dashboard-checkin-value').fill('0.55');
    await dashboard.getByTestId('kr-lens-dashboard-checkin-confidence').fill('7');
    await dashboard.getByTestId('kr-lens-dashboard-checkin-note').fill(note);
    await dashboard.getByTestId('kr-lens-dashboard-checkin-save').click();
    await expect
      .poll(
        () =>
          [...sandbox.jira.state.issues.values()].flatMap((i) => i.comments ?? []).some((c) => JSON.stringify(c.properties).includes(note)),
        { timeout: 30_000 },
      )
      .toBe(true);

    // Not KR Lens: a script (Priya's session) links PLAT-12 to the KR in the remote-link format.
    const linked = await jiraPost(sandbox, SANDBOX_JIRA_SITE, '/rest/api/3/issue/PLAT-12/remotelink', ACME_USERS.priya.sessionToken, {
      globalId: `kr-lens:${EXAMPLE.id}:${kr.id}`,
      relationship: 'serves key result',
      object: { url: kr.url, title: `KR: ${kr.title}`, summary: objective.title },
    });
    expect(linked.status).toBe(201);

    people.d = await person(ACME_USERS.dana.sessionToken);
    const issue = await page(people.d);
    await issue.goto(`${SANDBOX_JIRA_SITE}/browse/PLAT-12`);
    const metricCard = issue.locator('kr-lens-overlay').locator(`[data-kr-id="${kr.id}"]`);
    await metricCard.waitFor({ timeout: 30_000 });
    // (0.55 − 0.9) / (0.2 − 0.9): B's value is the latest.
    expect(await metricCard.getByTestId('kr-lens-progress').textContent()).toBe('50%');
    expect(await metricCard.getByTestId('kr-lens-confidence').textContent()).toContain('7');
    await metricCard.getByTestId('kr-lens-why').click();
    const row = metricCard.getByText(note);
    await row.waitFor();
    expect(await row.locator('xpath=..').textContent()).toContain('value 0.55');
    expect(sandbox.jira.violations).toEqual([]);
  }, 90_000);
});
