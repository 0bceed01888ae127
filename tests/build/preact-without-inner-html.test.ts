// @vitest-environment happy-dom
/**
 * The build step that takes Preact's one HTML sink out of every bundle: run on the installed
 * Preact, the result has no innerHTML write, still renders text, and refuses an HTML string.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { REFUSAL, withoutInnerHtml } from '../../scripts/build/preact-without-inner-html';

const preactSource = readFileSync(createRequire(import.meta.url).resolve('preact'), 'utf8');

type PreactModule = typeof import('preact');

async function importTransformed(): Promise<PreactModule> {
  const url = `data:text/javascript;base64,${Buffer.from(withoutInnerHtml(preactSource)).toString('base64')}`;
  return (await import(/* @vite-ignore */ url)) as PreactModule;
}

describe('Preact without innerHTML', () => {
  it('leaves no innerHTML write in the installed Preact', () => {
    expect(preactSource).toMatch(/\.innerHTML=/);
    expect(withoutInnerHtml(preactSource)).not.toMatch(/\.innerHTML\s*=[^=]/);
  });

  it('still renders text, and refuses dangerouslySetInnerHTML', async () => {
    const { h, render } = await importTransformed();
    const root = document.createElement('div');
    render(h('p', null, '<b>plain</b> text'), root);
    expect(root.innerHTML).toBe('<p>&lt;b&gt;plain&lt;/b&gt; text</p>');

    const other = document.createElement('div');
    expect(() => render(h('p', { dangerouslySetInnerHTML: { __html: '<img src=x onerror=alert(1)>' } }), other)).toThrow(REFUSAL);
    expect(other.querySelector('img')).toBeNull();
  });

  it('stops the build when Preact no longer has the sink where expected', () => {
    expect(() => withoutInnerHtml('export const x = 1;')).toThrow(/found 0/);
  });
});
