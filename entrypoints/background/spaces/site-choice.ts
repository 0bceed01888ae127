/**
 * The space chosen for each tracker site. When the browser is signed in to several Jira sites that
 * hold spaces, the user picks one per site in Options (Use) and the choice is remembered for that
 * site: a page of the site reads the space chosen for it, whichever space is the active set (the
 * one the dashboard and the popup show). A page of another site of the active space's tracker,
 * with no choice yet, gets that site's only space (or the one its issue's links lead to), and it
 * is remembered for the site.
 */
import type { SpaceListEntry } from '../../../lib/space-messages';
import { sameSpace, type ActiveSpace, type SpaceCache, type SpaceRef } from '../../../lib/store/space-cache';
import type { PageHint } from './active';
import type { Discovery } from './discovery';

export interface SiteChoiceDeps {
  cache: SpaceCache;
  discovery: Discovery;
}

export function createSiteChoice(deps: SiteChoiceDeps) {
  return {
    /**
     * The space a page of `hint.site` reads while `active` is the active space: the one chosen for
     * the site, else one found there (remembered), else the active space itself.
     */
    async forPage(hint: PageHint, active: ActiveSpace): Promise<SpaceRef> {
      const chosen = await deps.cache.getChoice(hint.tracker, hint.site);
      if (chosen) return chosen;
      if (active.ref.tracker !== hint.tracker || active.ref.site === hint.site) return active.ref;
      const found = await deps.discovery.pick(hint.tracker, hint.site, hint.key).catch(() => null);
      if (!found) return active.ref;
      await deps.cache.setChoice(found);
      return found;
    },
  };
}

export type SiteChoice = ReturnType<typeof createSiteChoice>;

/** Marks each listed space that is the one chosen for its site. */
export async function markChosen(cache: SpaceCache, spaces: SpaceListEntry[]): Promise<SpaceListEntry[]> {
  const choices = new Map<string, SpaceRef | null>();
  const marked: SpaceListEntry[] = [];
  for (const space of spaces) {
    const key = `${space.tracker}|${space.site}`;
    if (!choices.has(key)) choices.set(key, await cache.getChoice(space.tracker, space.site));
    const chosen = choices.get(key);
    marked.push({ ...space, chosenForSite: !!chosen && sameSpace(chosen, space) });
  }
  return marked;
}
