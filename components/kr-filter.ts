/**
 * The picker's search: every word typed must appear in the KR title, its objective or one of its
 * teams, ignoring case and accents ("equipe" finds "Équipe"). Suggested KRs come first.
 */
import type { KrOptionView } from '../lib/view/types';

/** Lower case, accents stripped (NFD splits "é" into "e" + a combining mark, which is dropped). */
export function normalizeForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

function searchableText(option: KrOptionView): string {
  return normalizeForSearch([option.title, option.objectiveTitle, ...option.teams].join('\n'));
}

export function filterKrOptions(options: readonly KrOptionView[], query: string): KrOptionView[] {
  const words = normalizeForSearch(query).split(/\s+/).filter(Boolean);
  const matching = options.filter((option) => {
    const haystack = searchableText(option);
    return words.every((word) => haystack.includes(word));
  });
  // Array.prototype.sort is stable, so the background's order holds within each group.
  return matching.sort((a, b) => Number(b.suggested) - Number(a.suggested));
}
