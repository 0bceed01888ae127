/** `https://acme.atlassian.net` → `acme.atlassian.net`; a site that is not a URL is shown as it is. */
export function hostOf(site: string): string {
  try {
    return new URL(site).host;
  } catch {
    return site;
  }
}
