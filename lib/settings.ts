/**
 * Tracker connections and credentials. Read and written by the background service worker only,
 * in the credential store (`credential-store.ts`; tests pass any `StorageArea`): secrets are read
 * at request time and never held in module scope, never sent to a content script (STYLE habit 8).
 * Pages get `PublicSettings`, which has no secret.
 */
import { z } from 'zod';

export const SETTINGS_KEY = 'kr-lens:settings';

/** A Jira Cloud or self-hosted site origin: https, no path. */
export const siteOriginSchema = z
  .url({ protocol: /^https$/ })
  .max(300)
  .transform((url) => new URL(url).origin);

export const jiraAuthSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('session') }),
  z.object({ type: z.literal('basic'), email: z.email().max(320), apiToken: z.string().trim().min(1).max(2000) }),
]);

export const jiraConnectionSchema = z.object({ site: siteOriginSchema, auth: jiraAuthSchema });

export const linearConnectionSchema = z.object({
  apiKey: z.string().trim().min(1).max(2000),
  /** Workspace url key, learned from the viewer's organization when the key is tested. */
  workspace: z.string().max(200).optional(),
});

export const settingsSchema = z.object({
  jira: z.array(jiraConnectionSchema).default([]),
  linear: linearConnectionSchema.optional(),
});

export type JiraAuth = z.infer<typeof jiraAuthSchema>;
export type JiraConnection = z.infer<typeof jiraConnectionSchema>;
export type LinearConnection = z.infer<typeof linearConnectionSchema>;
export type Settings = z.infer<typeof settingsSchema>;

export interface PublicSettings {
  jira: Array<{ site: string; auth: 'session' | 'basic'; email?: string }>;
  linear: { connected: boolean; workspace?: string };
}

/** The minimum of a `storage.local`-like area we use, so tests can pass WXT's fake browser storage. */
export interface StorageArea {
  get(keys: string | string[] | null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}

const EMPTY: Settings = { jira: [] };

/** Stored settings; a corrupted value reads as empty rather than breaking every page. */
export async function readSettings(area: StorageArea): Promise<Settings> {
  const stored = (await area.get(SETTINGS_KEY))[SETTINGS_KEY];
  const parsed = settingsSchema.safeParse(stored ?? EMPTY);
  return parsed.success ? parsed.data : { ...EMPTY };
}

export async function writeSettings(area: StorageArea, settings: Settings): Promise<void> {
  await area.set({ [SETTINGS_KEY]: settingsSchema.parse(settings) });
}

export function toPublicSettings(settings: Settings): PublicSettings {
  return {
    jira: settings.jira.map((c) => ({ site: c.site, auth: c.auth.type, email: c.auth.type === 'basic' ? c.auth.email : undefined })),
    linear: { connected: settings.linear !== undefined, workspace: settings.linear?.workspace },
  };
}

/**
 * The connection for a Jira site: the configured one, or session auth for any Atlassian Cloud
 * site (the browser's signed-in session needs no setup). Other hosts need configuring first.
 */
export function jiraConnectionFor(settings: Settings, site: string): JiraConnection | null {
  const configured = settings.jira.find((c) => c.site === site);
  if (configured) return configured;
  return isAtlassianCloud(site) ? { site, auth: { type: 'session' } } : null;
}

export function isAtlassianCloud(site: string): boolean {
  try {
    const url = new URL(site);
    return url.protocol === 'https:' && url.hostname.endsWith('.atlassian.net') && url.port === '';
  } catch {
    return false;
  }
}

/** Adds a site seen while browsing with session auth, unless it is already there. */
export function withSeenJiraSite(settings: Settings, site: string): Settings {
  if (settings.jira.some((c) => c.site === site)) return settings;
  return { ...settings, jira: [...settings.jira, { site, auth: { type: 'session' } }] };
}
