/**
 * The background side of the message layer: every request is validated with zod before the
 * service sees it, because a content script runs inside a page we do not control. Failures come
 * back as `{ok: false, error}` with a sentence; nothing is thrown across the boundary.
 */
import { z } from 'zod';
import { idSchema, trackerIdSchema } from './okr/model';
import { TRACKER_INFOS } from './trackers/catalog';
import type { ScopeRequest } from './trackers/scope-requests';
import { isTrackerError } from './trackers/tracker';
import { spaceParamSchemas } from './space-message-schemas';
import { subscriptionParamSchemas } from './subscription-message-schemas';
import { mayCall, REFUSED, type Caller } from './service-access';
import {
  isServiceRequest,
  type OkrServiceProtocol,
  type ServiceMethod,
  type ServiceParams,
  type ServiceReply,
  type ServiceResult,
} from './messaging';

/** Jira keys are PROJECT-123; Linear identifiers TEAM-123. Anything else is not an issue key. */
const issueKeySchema = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,49}-\d{1,12}$/, 'not an issue key');
/** A Jira site origin (https only) or a Linear workspace url key. */
const siteSchema = z.string().min(1).max(300);

const issueAddress = z.strictObject({ tracker: trackerIdSchema, site: siteSchema, key: issueKeySchema });
const krAddress = { setId: idSchema, krId: idSchema };

/** A scope part of the activity report, as its tracker's descriptor validates it. */
const scopeRequestSchema: z.ZodType<ScopeRequest> = z.union(TRACKER_INFOS.map((info) => info.scopes.requestSchema));

export const serviceParamSchemas: { [M in ServiceMethod]: z.ZodType<ServiceParams<M>> } = {
  getIssueOverlay: issueAddress.extend({ fresh: z.boolean() }),
  getPickerOptions: issueAddress,
  linkIssue: issueAddress.extend(krAddress),
  unlinkIssue: issueAddress.extend(krAddress),
  getBoardMarkers: z.strictObject({
    tracker: trackerIdSchema,
    site: siteSchema,
    keys: z.array(issueKeySchema).max(1000),
    fresh: z.boolean(),
  }),
  noteJiraSite: z.strictObject({ site: z.url({ protocol: /^https$/ }).max(300) }),
  getSettings: z.strictObject({}),
  reportPageHealth: z.strictObject({
    tracker: trackerIdSchema,
    page: z.enum(['issue', 'list']),
    entries: z
      .array(
        z.strictObject({
          name: z.string().min(1).max(100),
          required: z.boolean(),
          found: z.boolean(),
          fallbackIndex: z.number().int().min(0).max(50).nullable(),
        }),
      )
      .max(30),
  }),
  getPageHealth: z.strictObject({}),
  saveSettings: z.strictObject({
    jira: z
      .array(
        z.strictObject({
          site: z.url({ protocol: /^https$/ }).max(300),
          auth: z.discriminatedUnion('type', [
            z.strictObject({ type: z.literal('session') }),
            z.strictObject({
              type: z.literal('basic'),
              email: z.email().max(320),
              apiToken: z.string().trim().min(1).max(2000).optional(),
            }),
          ]),
        }),
      )
      .max(50),
    linear: z.union([
      z.strictObject({ apiKey: z.string().trim().min(1).max(2000) }),
      z.strictObject({ keepKey: z.literal(true) }),
      z.null(),
    ]),
  }),
  testConnection: z.strictObject({
    tracker: trackerIdSchema,
    site: z
      .url({ protocol: /^https$/ })
      .max(300)
      .optional(),
  }),
  getLinkedWork: z.strictObject({ setId: idSchema, krIds: z.array(idSchema).max(1000), fresh: z.boolean() }),
  runActivityReport: z.strictObject({ scopes: z.array(scopeRequestSchema).min(1).max(20), fresh: z.boolean() }),
  listJiraBoards: z.strictObject({ site: z.url({ protocol: /^https$/ }).max(300) }),
  ...spaceParamSchemas,
  ...subscriptionParamSchemas,
};

export type OkrServiceImpl = {
  [M in ServiceMethod]: (params: ServiceParams<M>) => Promise<ServiceResult<M>> | ServiceResult<M>;
};

const INVALID_REQUEST = 'KR Lens received a request it does not understand and ignored it.';

function hasMethod(method: string): method is ServiceMethod {
  return Object.hasOwn(serviceParamSchemas, method);
}

const EXTENSION_PAGE: Caller = { kind: 'extension-page' };

/**
 * Answers one message; returns undefined for messages that are not ours (others may answer them).
 * `caller` is who the browser says sent it (`callerOf`); a method the caller may not use is
 * refused before the service sees it. Tests of the service itself call as an extension page.
 */
export async function handleServiceMessage(
  service: OkrServiceImpl,
  message: unknown,
  caller: Caller = EXTENSION_PAGE,
): Promise<ServiceReply<unknown> | undefined> {
  if (!isServiceRequest(message)) return undefined;
  const { method } = message;
  if (!hasMethod(method)) return { ok: false, error: { kind: 'invalid', message: INVALID_REQUEST } };
  const parsed = serviceParamSchemas[method].safeParse(message.params);
  if (!parsed.success) return { ok: false, error: { kind: 'invalid', message: INVALID_REQUEST } };
  if (!mayCall(caller, method, parsed.data)) return { ok: false, error: REFUSED };
  try {
    const call = service[method] as (params: unknown) => Promise<unknown> | unknown;
    return { ok: true, value: await call(parsed.data) };
  } catch (error) {
    if (isTrackerError(error)) return { ok: false, error: { kind: error.kind, message: error.message } };
    console.error('KR Lens service error', method, error);
    return {
      ok: false,
      error: { kind: 'network', message: 'Something went wrong in KR Lens. Try again; if it persists, reload the extension.' },
    };
  }
}

export type { OkrServiceProtocol };
