/**
 * Test connection, for each Jira site and for Linear, and the separate check of whether Linear
 * accepts the stored key. Each has its own status line; editing a row or the key clears its stale
 * result. A test always checks what is stored, so the user is told to save first when the form differs.
 */
import { signal, type ReadonlySignal, type Signal } from '@preact/signals';
import type { OkrServiceClient } from '../../../lib/messaging';
import { isAtlassianCloud } from '../../../lib/settings';
import { messageOf } from '../../../lib/util/error';
import { IDLE, type StatusLine } from '../../../lib/view/status-line';
import { jiraTestRequest } from '../../../lib/trackers/jira/connection';
import { parseSiteOrigin, rowMatchesSaved, type JiraRow, type LinearForm } from './connection-form';
import { createLinearConnectionCheck, type LinearConnectionState } from './linear-check';

export const SAVE_FIRST = 'Save first: Test connection checks the saved connection.';

export interface ConnectionChecks {
  jiraTests: ReadonlySignal<Readonly<Record<string, StatusLine>>>;
  linearTest: ReadonlySignal<StatusLine>;
  /** Whether Linear accepts the stored key: checked after a save, or by Test connection. */
  linearConnection: ReadonlySignal<LinearConnectionState>;
  testJira(key: string): Promise<void>;
  testLinear(): Promise<void>;
}

export interface ConnectionCheckControl {
  /** Checks the stored key; once Linear names the workspace, the stored-key line shows it too. */
  checkLinear(): Promise<LinearConnectionState | null>;
  /** New settings are shown: no result is about them yet (and no check, once no key is stored). */
  reset(linearStored: boolean): void;
  forgetJira(key: string): void;
  forgetLinear(): void;
}

async function runJiraTest(client: OkrServiceClient, site: string): Promise<StatusLine> {
  try {
    const result = await client.testConnection(jiraTestRequest(site));
    return result.ok ? { tone: 'ok', message: `Connected as ${result.who}` } : { tone: 'error', message: result.error.message };
  } catch (error) {
    return { tone: 'error', message: messageOf(error) };
  }
}

export function createConnectionChecks(
  client: OkrServiceClient,
  form: { jiraRows: ReadonlySignal<JiraRow[]>; linear: Signal<LinearForm> },
): ConnectionChecks & ConnectionCheckControl {
  const jiraTests = signal<Record<string, StatusLine>>({});
  const linearTest = signal<StatusLine>(IDLE);
  const connection = createLinearConnectionCheck(client, messageOf);

  async function checkLinear(): Promise<LinearConnectionState | null> {
    const result = await connection.check();
    const linear = form.linear.value;
    if (result?.state === 'connected' && linear.stored) form.linear.value = { ...linear, workspace: result.workspace };
    return result;
  }

  async function testJira(key: string): Promise<void> {
    const row = form.jiraRows.value.find((r) => r.key === key);
    if (!row) return;
    const site = parseSiteOrigin(row.site);
    const setTest = (status: StatusLine) => (jiraTests.value = { ...jiraTests.value, [key]: status });
    if (row.site.trim() === '' || !site.ok) {
      setTest({ tone: 'error', message: site.ok ? 'Enter the Jira site address first, like https://acme.atlassian.net.' : site.message });
      return;
    }
    // Session auth on Atlassian Cloud needs no saved setup; anything else tests what is stored.
    if (!rowMatchesSaved(row) && !(row.auth === 'session' && isAtlassianCloud(site.origin))) {
      setTest({ tone: 'error', message: SAVE_FIRST });
      return;
    }
    setTest({ tone: 'busy', message: 'Testing…' });
    setTest(await runJiraTest(client, site.origin));
  }

  async function testLinear(): Promise<void> {
    const linear = form.linear.value;
    if (linear.key.trim() !== '' || linear.remove) {
      linearTest.value = { tone: 'error', message: SAVE_FIRST };
      return;
    }
    if (!linear.stored) {
      linearTest.value = { tone: 'error', message: 'Enter your Linear API key and save it first.' };
      return;
    }
    linearTest.value = { tone: 'busy', message: 'Testing…' };
    const result = await checkLinear();
    linearTest.value =
      result?.state === 'connected'
        ? { tone: 'ok', message: `Connected as ${result.who}` }
        : result?.state === 'error'
          ? { tone: 'error', message: result.message }
          : IDLE;
  }

  return {
    jiraTests,
    linearTest,
    linearConnection: connection.state,
    testJira,
    testLinear,
    checkLinear,
    reset: (linearStored) => {
      jiraTests.value = {};
      linearTest.value = IDLE;
      if (!linearStored) connection.clear();
    },
    forgetJira: (key) => {
      const { [key]: _stale, ...others } = jiraTests.value;
      jiraTests.value = others;
    },
    forgetLinear: () => {
      linearTest.value = IDLE;
    },
  };
}
