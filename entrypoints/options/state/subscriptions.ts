/**
 * Options → Subscribe to an OKR file: an https URL, the browser's permission for its origin asked
 * from the click itself (Chrome and Firefox show the prompt only for a user gesture), then the
 * background reads and keeps the file. The list shows each subscription with when and from where
 * it was read, and Refresh, Use and Remove.
 */
import { signal, type Signal } from '@preact/signals';
import { createServiceClient, type SendMessage } from '../../../lib/messaging';
import type { SubscriptionView } from '../../../lib/subscription-messages';
import { messageOf } from '../../../lib/util/error';
import { httpsProblem, originPattern } from '../../../lib/util/https-url';
import type { StatusLine } from '../../../lib/view/status-line';

export interface SubscriptionDeps {
  send: SendMessage;
  /** `permissions.request({ origins })`; must be the first thing the click does. */
  requestOrigins(origins: string[]): Promise<boolean>;
  /** The active set changed (Use, Remove): the page's other sections read it again. */
  onActiveChanged?: () => void;
}

export interface SubscriptionState {
  url: Signal<string>;
  list: Signal<SubscriptionView[] | null>;
  status: Signal<StatusLine>;
  /** Every invalid field of the file the last action was refused for. */
  errors: Signal<string[]>;
  busy: Signal<boolean>;
  load(): Promise<void>;
  subscribe(): Promise<void>;
  refresh(url: string): Promise<void>;
  use(url: string): Promise<void>;
  remove(url: string): Promise<void>;
}

export function createSubscriptionState(deps: SubscriptionDeps): SubscriptionState {
  const client = createServiceClient(deps.send);
  const url = signal('');
  const list = signal<SubscriptionView[] | null>(null);
  const status = signal<StatusLine>({ tone: 'idle' });
  const errors = signal<string[]>([]);
  const busy = signal(false);

  async function run(work: () => Promise<void>): Promise<void> {
    busy.value = true;
    errors.value = [];
    try {
      await work();
    } catch (error) {
      status.value = { tone: 'error', message: messageOf(error) };
    } finally {
      busy.value = false;
    }
  }

  async function load(): Promise<void> {
    list.value = await client.listSubscriptions({});
  }

  function subscribe(): Promise<void> {
    const wanted = url.value.trim();
    const refused = httpsProblem(wanted);
    if (refused) {
      status.value = { tone: 'error', message: refused };
      return Promise.resolve();
    }
    // Before any await: the browser shows its prompt only while the click is being handled.
    const asking = deps.requestOrigins([originPattern(wanted)]);
    return run(() => subscribeOnceAllowed({ client, url, status, errors }, wanted, asking, load));
  }

  const refresh = (target: string) =>
    run(async () => {
      status.value = { tone: 'busy', message: `Reading ${target}…` };
      const result = await client.refreshSubscription({ url: target });
      if (!result.ok) {
        status.value = { tone: 'error', message: result.message };
        return;
      }
      const { problem, name } = result.subscription;
      status.value = problem ? { tone: 'error', message: `${problem.message}.` } : { tone: 'ok', message: `“${name}” is up to date.` };
      errors.value = problem?.errors ?? [];
      await load();
      if (result.subscription.active) deps.onActiveChanged?.();
    });

  const use = (target: string) =>
    run(async () => {
      const result = await client.useSubscription({ url: target });
      status.value = result.ok
        ? { tone: 'ok', message: `“${result.subscription.name}” is the active set.` }
        : { tone: 'error', message: result.message };
      await load();
      deps.onActiveChanged?.();
    });

  const remove = (target: string) =>
    run(async () => {
      await client.removeSubscription({ url: target });
      status.value = { tone: 'ok', message: `Unsubscribed from ${target}.` };
      await load();
      deps.onActiveChanged?.();
    });

  return { url, list, status, errors, busy, load, subscribe, refresh, use, remove };
}

type Client = ReturnType<typeof createServiceClient>;

/** After the click asked for the origin: store the subscription if the browser allowed it. */
async function subscribeOnceAllowed(
  { client, url, status, errors }: { client: Client } & Pick<SubscriptionState, 'url' | 'status' | 'errors'>,
  wanted: string,
  asking: Promise<boolean>,
  load: () => Promise<void>,
): Promise<void> {
  const origin = new URL(wanted).origin;
  status.value = { tone: 'busy', message: `Asking the browser to let KR Lens read ${origin}…` };
  if (!(await asking)) {
    status.value = {
      tone: 'error',
      message: `KR Lens was not allowed to read ${origin}, so nothing was stored. Subscribe again and allow access when the browser asks.`,
    };
    return;
  }
  status.value = { tone: 'busy', message: `Reading ${wanted}…` };
  const result = await client.subscribe({ url: wanted });
  if (!result.ok) {
    status.value = { tone: 'error', message: result.message };
    errors.value = result.errors;
    return;
  }
  url.value = '';
  status.value = { tone: 'ok', message: `Subscribed to “${result.subscription.name}”. Use it to make it the active set.` };
  await load();
}
