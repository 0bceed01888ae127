/**
 * The only module that touches `browser.storage.local`: one read of several keys, one write of
 * several keys, and a lock so that read-check-write sequences (revision checks) do not interleave.
 */
import { browser } from 'wxt/browser';
import { failure, type Failure } from './result';
import { messageOf } from '../util/error';
import { decodeActive, decodeIndex, decodeRecord, storageKeys, type ActiveSelectionValue, type IndexEntry, type Slot } from './records';

export async function readKeys(keys: string[]): Promise<Record<string, unknown>> {
  return (await browser.storage.local.get(keys)) as Record<string, unknown>;
}

export async function readAll(): Promise<Record<string, unknown>> {
  return (await browser.storage.local.get(null)) as Record<string, unknown>;
}

/**
 * Writes every key of one logical change in a single call; a `null` value removes its key.
 * The browser applies one `set` call whole or not at all, so a failure leaves the old data.
 */
export async function commit(items: Record<string, unknown>): Promise<Failure | null> {
  try {
    await browser.storage.local.set(items);
    return null;
  } catch (error) {
    return storageFailure(error);
  }
}

export function storageFailure(error: unknown): Failure {
  const detail = messageOf(error);
  if (/quota/i.test(detail) || (error instanceof Error && error.name === 'QuotaExceededError')) {
    return failure(
      'quota',
      'The browser storage for KR Lens is full, so nothing was saved. Delete OKR sets you no longer need (export them first if you want to keep them) and try again.',
    );
  }
  return failure('storage', `The browser could not save to KR Lens storage, so nothing was changed (${detail}).`);
}

export interface SlotSnapshot {
  slot: Slot;
  index: IndexEntry[] | Failure;
  active: ActiveSelectionValue | null;
}

/** Current version, backup, index and active selection of one set, read in one call so they agree. */
export async function readSlot(setId: string): Promise<SlotSnapshot> {
  const raw = await readKeys([storageKeys.set(setId), storageKeys.backup(setId), storageKeys.index, storageKeys.active]);
  return {
    slot: {
      current: decodeRecord(raw[storageKeys.set(setId)], `The stored OKR set "${setId}"`),
      backup: decodeRecord(raw[storageKeys.backup(setId)], `The backup of OKR set "${setId}"`),
    },
    index: decodeIndex(raw[storageKeys.index]),
    active: decodeActive(raw[storageKeys.active]),
  };
}

export async function readIndex(): Promise<IndexEntry[] | Failure> {
  return decodeIndex((await readKeys([storageKeys.index]))[storageKeys.index]);
}

export async function readActive(): Promise<ActiveSelectionValue | null> {
  return decodeActive((await readKeys([storageKeys.active]))[storageKeys.active]);
}

const LOCK_NAME = 'kr-lens-okr-store';
let localQueue: Promise<unknown> = Promise.resolve();

/**
 * Runs `task` alone. Web Locks are shared by every page and the service worker of the extension,
 * so two options tabs cannot both pass a revision check before either writes; where Web Locks
 * are missing (tests in Node) a queue serialises this context at least.
 */
export function withStoreLock<T>(task: () => Promise<T>): Promise<T> {
  const locks = (globalThis as { navigator?: { locks?: LockManager } }).navigator?.locks;
  if (locks) return locks.request(LOCK_NAME, task);
  const run = localQueue.then(task, task);
  localQueue = run.catch(() => undefined);
  return run;
}
