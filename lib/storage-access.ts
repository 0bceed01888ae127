/**
 * Closes the extension's storage to content scripts where the browser allows it. A content script
 * runs inside the tracker page's renderer process; what it can read, a compromised page could.
 *
 * Chrome (102+) and Edge keep the chosen level per extension and per area, and `storage.local`
 * starts open to content scripts, so the background sets it on every start. Firefox offers the
 * switch for `storage.session` only (already closed by default) and rejects or lacks it for
 * `local`: there the credentials live in the credential store instead (`credential-store.ts`),
 * and OKR sets and cached tracker data stay readable by content scripts.
 */

export type AccessResult = 'trusted-only' | 'not-supported';

interface AccessLevelArea {
  setAccessLevel?: (options: { accessLevel: 'TRUSTED_CONTEXTS' | 'TRUSTED_AND_UNTRUSTED_CONTEXTS' }) => Promise<void>;
}

export async function restrictToTrustedContexts(area: AccessLevelArea | undefined): Promise<AccessResult> {
  return (await setAccessLevel(area, 'TRUSTED_CONTEXTS')) ? 'trusted-only' : 'not-supported';
}

/**
 * Opens `storage.session` to content scripts, for the render cache only (lib/render-cache.ts:
 * overlay views, nothing secret). Where the browser lacks the switch or refuses it, content
 * scripts simply find nothing there and wait for the background as before.
 */
export async function openToContentScripts(area: AccessLevelArea | undefined): Promise<'open' | 'not-supported'> {
  return (await setAccessLevel(area, 'TRUSTED_AND_UNTRUSTED_CONTEXTS')) ? 'open' : 'not-supported';
}

/** Whether the browser took the access level: false where it lacks the switch or refuses it. */
async function setAccessLevel(
  area: AccessLevelArea | undefined,
  accessLevel: 'TRUSTED_CONTEXTS' | 'TRUSTED_AND_UNTRUSTED_CONTEXTS',
): Promise<boolean> {
  if (typeof area?.setAccessLevel !== 'function') return false;
  try {
    await area.setAccessLevel({ accessLevel });
    return true;
  } catch {
    return false;
  }
}
