/** The one-line answer to an action on an extension page: nothing yet, working, done, or what went wrong. */
export type StatusLine =
  | { tone: 'idle' }
  | { tone: 'busy'; message: string }
  | { tone: 'ok'; message: string }
  | { tone: 'error'; message: string };

export const IDLE: StatusLine = { tone: 'idle' };
