/**
 * Every href we render comes from data someone else typed (OKR files, tracker issues), so a link is
 * only made for absolute http(s) URLs; `javascript:`, `data:`, relative and malformed URLs get none.
 */
export function safeHref(url: string | undefined | null): string | undefined {
  if (!url) return undefined;
  let parsed: URL;
  try {
    // No base: relative URLs have no meaning inside someone else's page, so they are refused too.
    parsed = new URL(url.trim());
  } catch {
    return undefined;
  }
  return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
}

/**
 * A KR's link URL may be the placeholder `https://kr-lens.invalid/…` (a set without homeUrl); it
 * identifies the KR but leads nowhere, so it is shown as text rather than a dead link.
 */
export function krHomeHref(url: string | undefined | null): string | undefined {
  const href = safeHref(url);
  if (!href) return undefined;
  const host = new URL(href).hostname;
  return host === 'invalid' || host.endsWith('.invalid') ? undefined : href;
}
