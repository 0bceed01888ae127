// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { overlayCss, THEME_TOKENS, type ThemeToken } from '../../components/overlay-css';

/** WCAG 2.x relative luminance and contrast ratio. */
function luminance(hex: string): number {
  const value = Number.parseInt(hex.slice(1), 16);
  const channels = [value >> 16, (value >> 8) & 255, value & 255].map((channel) => {
    const c = channel / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * channels[0]! + 0.7152 * channels[1]! + 0.0722 * channels[2]!;
}

function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
}

type Pair = [ThemeToken, ThemeToken];

/** Text and its background, as the stylesheet pairs them: AA asks 4.5:1. */
const TEXT_PAIRS: Pair[] = [
  ['fg', 'bg'],
  ['fg', 'surface'],
  ['fg', 'btn-bg'],
  ['fg', 'btn-hover'],
  ['fg', 'option-active'],
  ['fg-subtle', 'bg'],
  ['fg-subtle', 'surface'],
  ['fg-subtle', 'option-active'],
  ['link', 'bg'],
  ['link', 'surface'],
  ['green-fg', 'green-bg'],
  ['yellow-fg', 'yellow-bg'],
  ['red-fg', 'red-bg'],
  ['blue-fg', 'blue-bg'],
  ['neutral-fg', 'neutral-bg'],
  ['green-fg', 'surface'],
  ['yellow-fg', 'surface'],
  ['red-fg', 'surface'],
  ['yellow-fg', 'bg'],
];

/** Non-text contrast (bar fills against their track, focus rings, input borders): 3:1. */
const UI_PAIRS: Pair[] = [
  ['bar-green', 'bar-track'],
  ['bar-yellow', 'bar-track'],
  ['bar-red', 'bar-track'],
  ['bar-none', 'bar-track'],
  ['focus', 'bg'],
  ['focus', 'surface'],
  ['input-border', 'bg'],
];

const themes = Object.keys(THEME_TOKENS) as (keyof typeof THEME_TOKENS)[];

describe('overlay colours meet WCAG AA', () => {
  it.each(themes.flatMap((theme) => TEXT_PAIRS.map(([fg, bg]) => [theme, fg, bg] as const)))('%s: %s on %s ≥ 4.5', (theme, fg, bg) => {
    expect(contrast(THEME_TOKENS[theme][fg], THEME_TOKENS[theme][bg])).toBeGreaterThanOrEqual(4.5);
  });

  it.each(themes.flatMap((theme) => UI_PAIRS.map(([fg, bg]) => [theme, fg, bg] as const)))('%s: %s against %s ≥ 3', (theme, fg, bg) => {
    expect(contrast(THEME_TOKENS[theme][fg], THEME_TOKENS[theme][bg])).toBeGreaterThanOrEqual(3);
  });

  it('the contrast function is the WCAG one', () => {
    expect(contrast('#000000', '#FFFFFF')).toBeCloseTo(21, 5);
    expect(contrast('#777777', '#FFFFFF')).toBeCloseTo(4.48, 2);
  });
});

describe('overlayCss', () => {
  it('defines every custom property it uses, in both themes', () => {
    const used = new Set([...overlayCss.matchAll(/var\(--krl-([a-z-]+)\)/g)].map((match) => match[1]));
    for (const theme of themes) {
      const defined = Object.keys(THEME_TOKENS[theme]);
      expect([...used].filter((name) => !defined.includes(name!))).toEqual([]);
    }
  });

  it.each([
    [':host{all:initial}', 'isolates from the host page'],
    [':host,[data-theme=light]{', 'defaults to the light theme'],
    ['[data-theme=dark]{', 'has a dark theme'],
    [':focus-visible{outline:2px solid var(--krl-focus)', 'rings focused controls'],
    ['@media (prefers-reduced-motion:reduce)', 'respects reduced motion'],
    ['overflow-wrap:anywhere', 'wraps long titles'],
    ['text-overflow:ellipsis', 'truncates chain items and markers'],
  ])('contains %j (%s)', (fragment) => {
    expect(overlayCss).toContain(fragment);
  });
});
