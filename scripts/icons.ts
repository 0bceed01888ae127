/**
 * `npm run icons`: renders the hand-drawn mark (scripts/icon/svg.ts) to public/icon/<size>.png
 * with Debian's Chromium, writes docs/store/icon-preview.png (every size on light and dark
 * toolbars) and prints the contrast figures the colours were chosen by.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { requireBrowser } from '../tests/e2e/find-browser';
import { contrast } from './icon/contrast';
import { ICON_SIZES, iconSvg, TILE_BLUE } from './icon/svg';

const ROOT = resolve(import.meta.dirname, '..');
const ICON_DIR = resolve(ROOT, 'public/icon');
const STORE_DIR = resolve(ROOT, 'docs/store');

/** Firefox light/dark and Chrome light/dark toolbar colours. */
export const TOOLBARS: Record<string, string> = {
  'Firefox light': '#f9f9fb',
  'Chrome light': '#ffffff',
  'Firefox dark': '#2b2a33',
  'Chrome dark': '#35363a',
};

async function renderIcon(page: Page, size: number): Promise<void> {
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(`<body style="margin:0;background:transparent">${iconSvg(size)}</body>`);
  await page.screenshot({ path: resolve(ICON_DIR, `${size}.png`), omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
}

/** The rendered PNG itself (not the SVG), so the preview shows exactly what the browser gets. */
const pngDataUrl = (size: number) => `data:image/png;base64,${readFileSync(resolve(ICON_DIR, `${size}.png`)).toString('base64')}`;

function previewHtml(): string {
  const rows = Object.entries(TOOLBARS).map(([name, colour]) => {
    const label = `<span style="width:120px;color:${contrast(colour, '#000000') > 10 ? '#000' : '#fff'}">${name}</span>`;
    const icons = ICON_SIZES.map((size) => `<img src="${pngDataUrl(size)}" width="${size}" height="${size}">`).join('');
    return `<div style="display:flex;align-items:center;gap:16px;padding:12px 16px;background:${colour}">${label}${icons}</div>`;
  });
  return `<body style="margin:0;font:13px system-ui">${rows.join('')}</body>`;
}

async function main(): Promise<void> {
  mkdirSync(ICON_DIR, { recursive: true });
  mkdirSync(STORE_DIR, { recursive: true });
  const browser = await chromium.launch({ executablePath: requireBrowser(), args: ['--no-sandbox', '--disable-gpu'] });
  const page = await browser.newPage({ deviceScaleFactor: 1 });
  for (const size of ICON_SIZES) await renderIcon(page, size);
  await page.setViewportSize({ width: 560, height: 100 });
  await page.setContent(previewHtml());
  await page.waitForFunction(() => [...document.images].every((img) => img.complete && img.naturalWidth > 0));
  await page.screenshot({ path: resolve(STORE_DIR, 'icon-preview.png'), fullPage: true });
  await browser.close();

  console.log(`Icons in ${ICON_DIR}: ${ICON_SIZES.join(', ')} px; preview in docs/store/icon-preview.png`);
  console.log(`Tile ${TILE_BLUE}: white glyph on it ${contrast(TILE_BLUE, '#ffffff').toFixed(2)}:1`);
  for (const [name, colour] of Object.entries(TOOLBARS))
    console.log(`  against ${name} (${colour}): ${contrast(TILE_BLUE, colour).toFixed(2)}:1`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
