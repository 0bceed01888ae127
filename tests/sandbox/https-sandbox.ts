/**
 * One local HTTPS server that answers for the real tracker host names — Chromium maps
 * `*.atlassian.net`, `linear.app` and `api.linear.app` to it with --host-resolver-rules — and
 * routes each request by its Host header to the fake Jira or the fake Linear.
 */
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';
import { OKR_FILES_HOST } from './okr-files';

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export interface HostRoutes {
  /** Jira Cloud sites: any `<name>.atlassian.net`. */
  jira: Handler;
  /** Linear's web app pages. */
  linearApp: Handler;
  /** Linear's GraphQL API. */
  linearApi: Handler;
  /** OKR files kept as code, served from their own host (`okr-files.ts`). */
  files?: Handler;
}

export interface HttpsSandbox {
  port: number;
  /** The Chromium flag value mapping the tracker hosts to this server. */
  hostResolverRules: string;
  close(): Promise<void>;
}

export function routeByHost(routes: HostRoutes): Handler {
  return (req, res) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
    if (host.endsWith('.atlassian.net')) return routes.jira(req, res);
    if (host === 'api.linear.app') return routes.linearApi(req, res);
    if (host === 'linear.app') return routes.linearApp(req, res);
    if (host === OKR_FILES_HOST && routes.files) return routes.files(req, res);
    res.writeHead(421, { 'content-type': 'text/plain' }).end(`No sandbox answers for ${host}`);
  };
}

/** A fresh self-signed certificate per run: nothing secret is committed, nothing expires in the repo. */
async function sandboxCertificate(): Promise<{ key: string; cert: string }> {
  const pems = await generate([{ name: 'commonName', value: 'kr-lens-sandbox' }], {
    keySize: 2048,
    days: 2,
    algorithm: 'sha256',
    extensions: [
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: '*.atlassian.net' },
          { type: 2, value: 'linear.app' },
          { type: 2, value: 'api.linear.app' },
          { type: 2, value: OKR_FILES_HOST },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  } as Parameters<typeof generate>[1]);
  return { key: pems.private, cert: pems.cert };
}

export async function startHttpsSandbox(routes: HostRoutes, port = 0): Promise<HttpsSandbox> {
  const server: Server = createServer(await sandboxCertificate(), routeByHost(routes));
  // Node closes an idle kept-alive socket after 5 s, and a browser that sends on it at that moment
  // gets a reset it does not retry for a POST (the JQL search): a fault no real tracker's long
  // keep-alive produces, which made fault tests fail now and then. Keep sockets as a real server does.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actualPort = (server.address() as AddressInfo).port;
  const target = `127.0.0.1:${actualPort}`;
  return {
    port: actualPort,
    hostResolverRules: `MAP *.atlassian.net ${target},MAP linear.app ${target},MAP api.linear.app ${target},MAP ${OKR_FILES_HOST} ${target}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
