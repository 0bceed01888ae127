/**
 * What a script or another user does to the trackers while an e2e test runs: requests to the
 * sandbox's public APIs under the real host names, checked against the contracts like the
 * extension's own, never edits of the fakes' state.
 */
import { request } from 'node:https';
import type { Sandbox } from '../sandbox';
import { JIRA_SESSION_COOKIE } from '../sandbox';

interface Sent {
  status: number;
  body: unknown;
}

/** JSON when the answer is JSON; an error page's text as it is. */
function parsed(answer: string): unknown {
  try {
    return answer ? (JSON.parse(answer) as unknown) : null;
  } catch {
    return answer;
  }
}

function send(sandbox: Sandbox, host: string, path: string, headers: Record<string, string>, body: unknown): Promise<Sent> {
  const text = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: sandbox.https.port,
        servername: host,
        path,
        method: 'POST',
        rejectUnauthorized: false,
        headers: { host, 'content-type': 'application/json', accept: 'application/json', ...headers },
      },
      (res) => {
        let answer = '';
        res.on('data', (chunk: Buffer) => (answer += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: parsed(answer) }));
      },
    );
    req.on('error', reject);
    req.end(text);
  });
}

/** A GraphQL request to api.linear.app with a personal API key, as a script sends it. */
export async function linearGraphql(
  sandbox: Sandbox,
  apiKey: string,
  query: string,
  variables: Record<string, unknown>,
): Promise<{ data?: unknown; errors?: unknown[] }> {
  return (await send(sandbox, 'api.linear.app', '/graphql', { authorization: apiKey }, { query, variables })).body as {
    data?: unknown;
    errors?: unknown[];
  };
}

/**
 * A Jira REST POST as a signed-in browser user's script sends it: their session cookie, and the
 * header Jira Cloud wants on every cookie-authenticated write.
 */
export function jiraPost(sandbox: Sandbox, site: string, path: string, sessionToken: string, body: unknown): Promise<Sent> {
  const headers = { cookie: `${JIRA_SESSION_COOKIE}=${sessionToken}`, 'x-atlassian-token': 'no-check' };
  return send(sandbox, new URL(site).host, path, headers, body);
}
