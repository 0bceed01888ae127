import type { SourceView } from '../../lib/view/types';

/** "From “Acme OKRs” in Jira acme.atlassian.net, project OKR, read 14:02" — or "as of" when offline. */
export function sourceText(source: SourceView): string {
  const time = new Date(source.readAt).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' });
  if (source.file) {
    const read = `From “${source.name}” in the file ${source.place} (read-only), read ${time}`;
    return source.offline ? `${read}. ${source.offline}.` : read;
  }
  return source.offline
    ? `From “${source.name}” in ${source.place}, as of ${time} (the tracker could not be reached: ${source.offline})`
    : `From “${source.name}” in ${source.place}, read ${time}`;
}

export function SourceLine({ source }: { source: SourceView }) {
  return (
    <small class="source-line" data-testid="kr-lens-source">
      {sourceText(source)}
    </small>
  );
}
