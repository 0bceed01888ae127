/**
 * "3 min ago" for the overlay's freshness line. A tiny English formatter rather than
 * Intl.RelativeTimeFormat: its short style differs between engines ("3 min. ago", "in 3 min"),
 * and the rest of the overlay speaks plain English anyway.
 */
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export function formatTimeAgo(then: number, now: number): string {
  const elapsed = now - then;
  // A clock a little ahead of ours (another machine's timestamp) still reads as fresh.
  if (!Number.isFinite(elapsed) || elapsed < 45_000) return 'just now';
  const minutes = Math.max(1, Math.round(elapsed / MINUTE));
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(elapsed / HOUR);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.round(elapsed / DAY);
  if (days === 1) return 'yesterday';
  return `${days} days ago`;
}

/** The overlay's freshness line, e.g. "updated 3 min ago". */
export function updatedAgo(fetchedAt: number, now: number): string {
  return `updated ${formatTimeAgo(fetchedAt, now)}`;
}
