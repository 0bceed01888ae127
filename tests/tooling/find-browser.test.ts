import { describe, expect, it } from 'vitest';
import { BROWSER_CANDIDATES, findBrowser } from '../e2e/find-browser';

const only =
  (...present: string[]) =>
  (path: string) =>
    present.includes(path);

describe('findBrowser', () => {
  it('takes CHROME_PATH first when it exists', () => {
    expect(findBrowser({ CHROME_PATH: '/opt/x/chrome' }, only('/opt/x/chrome', '/usr/lib/chromium/chromium'))).toBe('/opt/x/chrome');
  });

  it('does not fall back when CHROME_PATH names nothing, so a typo is not hidden', () => {
    expect(findBrowser({ CHROME_PATH: '/nowhere' }, only('/usr/lib/chromium/chromium'))).toBeNull();
  });

  it.each([
    [['/usr/lib/chromium/chromium', '/usr/bin/chromium'], '/usr/lib/chromium/chromium'],
    [['/usr/bin/chromium', '/usr/bin/google-chrome'], '/usr/bin/chromium'],
    [['/usr/bin/google-chrome-stable'], '/usr/bin/google-chrome-stable'],
    [['/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'], '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'],
  ])('prefers Debian Chromium, then the others in order (%j)', (present, expected) => {
    expect(findBrowser({}, only(...present))).toBe(expected);
  });

  it('answers null when no browser is installed', () => {
    expect(findBrowser({}, () => false)).toBeNull();
    expect(BROWSER_CANDIDATES.length).toBeGreaterThan(5);
  });
});
