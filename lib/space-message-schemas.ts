/** The background's checks of team-space requests (see protocol.ts), beside the others in messaging-host.ts. */
import { z } from 'zod';
import { idSchema, trackerIdSchema } from './okr/model';
import type { SpaceServiceProtocol } from './space-messages';
import { spaceEditsSchema } from './space/edits';

type Params<M extends keyof SpaceServiceProtocol> = Parameters<SpaceServiceProtocol[M]>[0];

/** A Jira project key or a Linear team key. */
const homeSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z][A-Za-z0-9_]{0,19}$/, 'not a project or team key');
const refSchema = z.strictObject({ tracker: trackerIdSchema, site: z.string().min(1).max(300), home: homeSchema, setId: idSchema });
const target = z.strictObject({ tracker: trackerIdSchema, home: homeSchema, site: z.string().min(1).max(300).optional() });

export const spaceParamSchemas: { [M in keyof SpaceServiceProtocol]: z.ZodType<Params<M>> } = {
  listSpaces: z.strictObject({ fresh: z.boolean() }),
  useSpace: refSchema,
  leaveSpace: z.strictObject({}),
  getActiveSpace: z.strictObject({ fresh: z.boolean() }),
  planSpacePublish: target,
  publishSpace: target,
  getPublishProgress: z.strictObject({}),
  saveSpaceEdits: spaceEditsSchema.extend({ ref: refSchema }) as unknown as z.ZodType<Params<'saveSpaceEdits'>>,
};
