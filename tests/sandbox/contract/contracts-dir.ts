/**
 * Where the official API contracts are: $KR_LENS_CONTRACTS, a contracts/ folder in the
 * repository, or the shared/contracts/ folder beside the repository (CI clones main with
 * shared/ next to it).
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

export function contractFile(...names: string[]): string[] {
  const candidates = [
    process.env.KR_LENS_CONTRACTS,
    resolve(here, '../../../contracts'),
    resolve(here, '../../../../shared/contracts'),
    '/work/shared/contracts',
  ].filter((dir): dir is string => typeof dir === 'string' && dir !== '');
  const found = candidates.find((dir) => names.every((name) => existsSync(join(dir, name))));
  if (!found) throw new Error(`API contracts ${names.join(', ')} not found; looked in: ${candidates.join(', ')}`);
  return names.map((name) => join(found, name));
}
