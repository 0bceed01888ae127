/** The background's checks of subscription requests, beside the others in messaging-host.ts. */
import { z } from 'zod';
import type { SubscriptionServiceProtocol } from './subscription-messages';

type Params<M extends keyof SubscriptionServiceProtocol> = Parameters<SubscriptionServiceProtocol[M]>[0];

/** Any text up to 2,000 characters: the background says in a sentence why a URL that is not https is refused. */
const url = z.strictObject({ url: z.string().trim().min(1).max(2000) });

export const subscriptionParamSchemas: { [M in keyof SubscriptionServiceProtocol]: z.ZodType<Params<M>> } = {
  listSubscriptions: z.strictObject({}),
  subscribe: url,
  refreshSubscription: url,
  useSubscription: url,
  removeSubscription: url,
  getActiveSubscription: z.strictObject({}),
};
