/**
 * Preact supports `dangerouslySetInnerHTML` with one `innerHTML` assignment in its renderer. KR
 * Lens never uses it (text reaches the page only through Preact's text nodes), yet the sink ships
 * in every bundle, and addons.mozilla.org's linter flags it in each content script and page. This
 * build step replaces that one assignment with an error, so no HTML string can reach the DOM
 * through Preact in KR Lens, and the packages carry no `innerHTML` write at all.
 */
import type { Plugin } from 'vite';

const PREACT_RENDERER = /[\\/]node_modules[\\/]preact[\\/]dist[\\/]preact\.mjs$/;
/** `(dom.innerHTML = newHtml.__html)` in Preact's minified diff, whatever the minifier named them. */
const INNER_HTML_SINK = /\(([\w$]+)\.innerHTML=([\w$]+)\.__html\)/g;
export const REFUSAL = 'dangerouslySetInnerHTML is disabled in KR Lens: render text through Preact';

/** Preact's renderer with the one HTML sink replaced; throws when the sink is not where expected. */
export function withoutInnerHtml(code: string): string {
  const found = code.match(INNER_HTML_SINK)?.length ?? 0;
  if (found !== 1) {
    throw new Error(
      `Expected exactly one innerHTML assignment in Preact's renderer, found ${found}: check this plugin against the new Preact.`,
    );
  }
  return code.replace(INNER_HTML_SINK, `(()=>{throw new Error(${JSON.stringify(REFUSAL)})})()`);
}

export function preactWithoutInnerHtml(): Plugin {
  return {
    name: 'kr-lens:preact-without-inner-html',
    transform(code, id) {
      if (!PREACT_RENDERER.test(id.split('?')[0]!)) return null;
      return { code: withoutInnerHtml(code), map: null };
    },
  };
}
