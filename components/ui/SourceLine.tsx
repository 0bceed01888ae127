import type { SourceView } from '../../lib/view/types';

/** "From “Acme OKRs” in Jira acme.atlassian.net, project OKR, read 14:02" — or "as of" when offline. */
export function sourceText({ name, place, readAt, offline, file }: SourceView): string {
  const time = new Date(readAt).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' });
  // A subscribed file's `offline` is already the whole sentence, with the copy's time.
  const from = `From “${name}” in ${file ? `the file ${place} (read-only)` : place}`;
  if (!offline) return `${from}, read ${time}`;
  return file ? `${from}, read ${time}. ${offline}.` : `${from}, as of ${time} (the tracker could not be reached: ${offline})`;
}

export function SourceLine({ source }: { source: SourceView }) {
  return (
    <small class="source-line" data-testid="kr-lens-source">
      {sourceText(source)}
    </small>
  );
}
