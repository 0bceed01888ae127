/** A `storage.local` area in memory, copying values in and out as the browser's does. */
import type { StorageArea } from '../../lib/settings';

export function memoryArea(): StorageArea {
  const data = new Map<string, unknown>();
  return {
    get: async (keys) => {
      const wanted = keys === null ? [...data.keys()] : Array.isArray(keys) ? keys : [keys];
      return Object.fromEntries(wanted.filter((k) => data.has(k)).map((k) => [k, structuredClone(data.get(k))]));
    },
    set: async (items) => {
      for (const [k, v] of Object.entries(items)) data.set(k, structuredClone(v));
    },
    remove: async (keys) => {
      for (const k of Array.isArray(keys) ? keys : [keys]) data.delete(k);
    },
  };
}
