/**
 * Where tracker connections and their secrets live: an IndexedDB database of the extension's own
 * origin. Only the background opens it. A content script's `indexedDB` is the host page's, so it
 * cannot reach this one in any browser, while `storage.local` is open to content scripts in
 * Firefox (Chrome and Edge can close it to them; the background does that as well).
 *
 * It has the shape of a `storage.local` area (`StorageArea`), so everything that reads settings
 * takes either, and unit tests pass WXT's fake in-memory storage.
 */
import type { StorageArea } from './settings';

export const CREDENTIAL_DB = 'kr-lens-credentials';
const STORE = 'items';
const VERSION = 1;

function requestDone<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}

function transactionDone(transaction: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error ?? new Error('IndexedDB transaction failed'));
    transaction.onabort = () => reject(transaction.error ?? new Error('IndexedDB transaction aborted'));
  });
}

function open(factory: IDBFactory, name: string): Promise<IDBDatabase> {
  const request = factory.open(name, VERSION);
  request.onupgradeneeded = () => {
    if (!request.result.objectStoreNames.contains(STORE)) request.result.createObjectStore(STORE);
  };
  return requestDone(request);
}

const keyList = (keys: string | string[]) => (typeof keys === 'string' ? [keys] : keys);

/**
 * A `StorageArea` over one IndexedDB object store. The connection is opened on first use and
 * kept (it holds no data); every call is one transaction, so a `set` of several keys lands whole.
 */
export function createIndexedDbArea(factory: IDBFactory = indexedDB, name = CREDENTIAL_DB): StorageArea {
  let connection: Promise<IDBDatabase> | null = null;
  const db = () => {
    connection ??= open(factory, name).then((opened) => {
      // Another version asking to upgrade (a newer worker): let it, and reopen next time.
      opened.onversionchange = () => {
        opened.close();
        connection = null;
      };
      return opened;
    });
    connection.catch(() => (connection = null));
    return connection;
  };

  return {
    async get(keys) {
      const store = (await db()).transaction(STORE, 'readonly').objectStore(STORE);
      if (keys === null) {
        const [names, values] = await Promise.all([requestDone(store.getAllKeys()), requestDone(store.getAll())]);
        return Object.fromEntries(names.map((key, i) => [String(key), values[i]]));
      }
      // Every read is asked before any is awaited, so the transaction stays open for all of them.
      const wanted = keyList(keys);
      const values = await Promise.all(wanted.map((key) => requestDone(store.get(key))));
      return Object.fromEntries(wanted.flatMap((key, i) => (values[i] === undefined ? [] : [[key, values[i]]])));
    },
    async set(items) {
      const transaction = (await db()).transaction(STORE, 'readwrite');
      const store = transaction.objectStore(STORE);
      for (const [key, value] of Object.entries(items)) store.put(value, key);
      await transactionDone(transaction);
    },
    async remove(keys) {
      const transaction = (await db()).transaction(STORE, 'readwrite');
      const store = transaction.objectStore(STORE);
      for (const key of keyList(keys)) store.delete(key);
      await transactionDone(transaction);
    },
  };
}

/**
 * The same area, with every call waiting for `prepare` (the move of older settings into it) to
 * have succeeded once. A failed `prepare` fails the calls that waited for it and runs again on the
 * next call, so a passing storage error does not leave settings behind for good.
 */
export function afterPrepared(area: StorageArea, prepare: () => Promise<unknown>): StorageArea & { prepared(): Promise<void> } {
  let done: Promise<void> | null = null;
  const prepared = (): Promise<void> => {
    done ??= prepare().then(
      () => undefined,
      (error: unknown) => {
        done = null;
        throw error;
      },
    );
    return done;
  };
  return {
    prepared,
    async get(keys) {
      await prepared();
      return area.get(keys);
    },
    async set(items) {
      await prepared();
      return area.set(items);
    },
    async remove(keys) {
      await prepared();
      return area.remove(keys);
    },
  };
}
