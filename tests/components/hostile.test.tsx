// @vitest-environment happy-dom
/**
 * Titles, notes and URLs come from OKR files and tracker issues that anyone may have typed; they
 * must reach the page as text, never as markup or script links.
 */
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { BoardMarker } from '../../components/BoardMarker';
import { Overlay } from '../../components/Overlay';
import { card, explanation, NOW, option, view } from './fixtures';

afterEach(cleanup);

const MARKUP = '<img src=x onerror=alert(1)>';
const SCRIPT_URL = 'javascript:alert(1)';

function assertInert(root: Element) {
  expect(root.querySelector('img, script, iframe, svg, object')).toBeNull();
  const hrefs = [...root.querySelectorAll('[href]')].map((element) => element.getAttribute('href') ?? '');
  expect(hrefs.filter((href) => !/^https?:\/\//.test(href))).toEqual([]);
  expect(root.querySelector('[onerror]')).toBeNull();
}

const hostileCard = card({
  title: MARKUP,
  url: SCRIPT_URL,
  objectiveTitle: MARKUP,
  via: MARKUP,
  chain: [{ kind: 'objective', id: 'o', title: MARKUP }],
  explanation: explanation({
    formula: MARKUP,
    notes: [MARKUP],
    issues: [{ key: MARKUP, title: MARKUP, url: SCRIPT_URL, statusName: MARKUP, counted: 'done', weight: 1, estimated: true, via: MARKUP }],
    checkIns: [{ at: MARKUP, confidence: 3, note: MARKUP, author: MARKUP }],
  }),
});

describe('hostile strings', () => {
  it('render as text in cards, chain and explanation', () => {
    const { container } = render(
      <Overlay
        result={{ state: 'ok', view: view({ krs: [hostileCard], notice: MARKUP }) }}
        theme="light"
        now={NOW}
        onRefresh={() => {}}
        onLink={() => {}}
        onUnlink={() => {}}
        loadOptions={() => Promise.resolve([])}
      />,
    );
    fireEvent.click(screen.getByTestId('kr-lens-why'));
    expect(screen.getByTestId('kr-lens-kr').textContent).toBe(MARKUP);
    expect(screen.getByTestId('kr-lens-kr').tagName).not.toBe('A');
    expect(screen.getByTestId('kr-lens-formula').textContent).toBe(MARKUP);
    expect(screen.getByTestId('kr-lens-chain-item').textContent).toBe(MARKUP);
    expect(container.textContent).toContain(`via ${MARKUP}`);
    assertInert(container);
  });

  it('render as text in errors, setup and the picker', async () => {
    const { container, rerender } = render(
      <Overlay
        result={{ state: 'ok', view: view({ krs: [] }) }}
        theme="dark"
        now={NOW}
        onRefresh={() => {}}
        onLink={() => {}}
        onUnlink={() => {}}
        loadOptions={() => Promise.resolve([option({ title: MARKUP, objectiveTitle: MARKUP, teams: [MARKUP], progressText: MARKUP })])}
      />,
    );
    fireEvent.click(screen.getByTestId('kr-lens-link-button'));
    await waitFor(() => expect(screen.getByTestId('kr-lens-picker-option').textContent).toContain(MARKUP));
    fireEvent.input(screen.getByTestId('kr-lens-picker-search'), { target: { value: MARKUP } });
    expect(screen.getByTestId('kr-lens-picker-option')).toBeTruthy();
    assertInert(container);

    for (const result of [
      { state: 'error', error: { kind: 'invalid', message: MARKUP }, cached: view({ krs: [hostileCard] }) },
      { state: 'setup', error: { kind: 'setup', message: MARKUP } },
    ] as const) {
      rerender(
        <Overlay
          result={result}
          theme="dark"
          now={NOW}
          onRefresh={() => {}}
          onLink={() => {}}
          onUnlink={() => {}}
          loadOptions={() => Promise.resolve([])}
        />,
      );
      expect(container.textContent).toContain(MARKUP);
      assertInert(container);
    }
  });

  it('render as text in board markers', () => {
    const { container } = render(
      <BoardMarker marker={{ key: MARKUP, classification: 'aligned', krTitles: [MARKUP, MARKUP] }} theme="light" />,
    );
    expect(screen.getByTestId('kr-lens-marker-kr').textContent).toBe(`${MARKUP}+1`);
    assertInert(container);
  });

  it('keep safe links working', () => {
    const { container } = render(
      <Overlay
        result={{ state: 'ok', view: view() }}
        theme="light"
        now={NOW}
        onRefresh={() => {}}
        onLink={() => {}}
        onUnlink={() => {}}
        loadOptions={() => Promise.resolve([])}
      />,
    );
    // The assertions above would pass vacuously if no link were ever rendered.
    expect(screen.getByTestId('kr-lens-kr').getAttribute('href')).toBe('https://okrs.acme.example/#kr-kr-checkout');
    expect(screen.getByTestId('kr-lens-kr').getAttribute('rel')).toBe('noopener noreferrer');
    assertInert(container);
  });
});
