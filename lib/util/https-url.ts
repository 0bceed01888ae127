/**
 * Subscribed OKR files are read over `https:` only: a file read over plain http could be changed
 * by anyone on the way. Options checks before asking the browser for the host, the background
 * again before reading.
 */
export function httpsProblem(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `“${url}” is not a web address. Enter the https:// address of the OKR file (JSON or YAML).`;
  }
  if (parsed.protocol !== 'https:') {
    return `KR Lens reads OKR files only over https: “${url}” starts with ${parsed.protocol}//. Enter an https:// address.`;
  }
  return null;
}

/** The narrowest host permission that lets KR Lens read the file: its origin. */
export function originPattern(url: string): string {
  return `${new URL(url).origin}/*`;
}
