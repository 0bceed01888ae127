/**
 * The background's calls for OKR files subscribed read-only from an https URL (OKRs as code):
 * Options subscribes and removes; extension pages list them, read one again and make one the
 * active set; the dashboard and the popup read the active one with where and when it was read.
 */
import type { OkrSet } from './okr/model';
import type { SourceView } from './view/types';

export interface SubscriptionView {
  url: string;
  /** The set's id and name in the last good copy. */
  setId: string;
  name: string;
  /** When the server last gave or confirmed the copy, ms since epoch. */
  fetchedAt: number;
  active: boolean;
  /** Why the latest read did not replace the copy; the invalid fields' paths when it did not validate. */
  problem?: { message: string; errors: string[] };
  source: SourceView;
}

/** A refused subscription stores nothing: `errors` names every invalid field when the file did not validate. */
export type SubscriptionResult = { ok: true; subscription: SubscriptionView } | { ok: false; message: string; errors: string[] };

export type ActiveSubscriptionResult =
  | { state: 'none' }
  | { state: 'ok'; set: OkrSet; cycleId: string | null; source: SourceView; subscription: SubscriptionView };

export interface SubscriptionServiceProtocol {
  listSubscriptions(params: Record<string, never>): SubscriptionView[];
  /** Reads the file and keeps it; the page has asked the browser for the URL's origin first. */
  subscribe(params: { url: string }): SubscriptionResult;
  refreshSubscription(params: { url: string }): SubscriptionResult;
  /** The subscription becomes the active set (no team space or local set is active then). */
  useSubscription(params: { url: string }): SubscriptionResult;
  removeSubscription(params: { url: string }): void;
  getActiveSubscription(params: Record<string, never>): ActiveSubscriptionResult;
}
