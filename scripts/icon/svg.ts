/**
 * The KR Lens mark, drawn by hand: a lens over a target's bullseye on a blue tile. One drawing,
 * two compositions: toolbar sizes fill the square (every pixel counts at 16 px), store sizes keep
 * the transparent margin the stores ask for (a 96 px tile inside 128 px).
 *
 * The tile's blue sits halfway in luminance between light and dark toolbars, so its edge shows on
 * both: `npm run icons` prints its contrast with each toolbar colour (all ≥ 3:1, the WCAG ratio for
 * graphics) and the white glyph's on the tile.
 */

export const ICON_SIZES = [16, 32, 48, 96, 128] as const;
export type IconSize = (typeof ICON_SIZES)[number];

export const TILE_BLUE = '#3d7ff0';

interface Geometry {
  centre: number;
  radius: number;
  ring: number;
  dot: number;
  handleFrom: number;
  handleTo: number;
  handle: number;
}

/**
 * At 16 px a unit is 1/8 px: the lens sits on a pixel centre with whole-pixel ring and gap, or the
 * bullseye blurs into the ring. Larger sizes keep the drawing's proportions with lighter strokes.
 */
function geometry(size: number): Geometry {
  if (size <= 16) return { centre: 52, radius: 28, ring: 16, dot: 8, handleFrom: 73, handleTo: 101, handle: 20 };
  if (size <= 32) return { centre: 55, radius: 29, ring: 16, dot: 11, handleFrom: 79, handleTo: 101, handle: 20 };
  return { centre: 55, radius: 29, ring: 13, dot: 12, handleFrom: 79, handleTo: 101, handle: 17 };
}

/** The glyph in a 128-unit square: lens ring, bullseye and handle, all white. */
function glyph(size: number): string {
  const g = geometry(size);
  return [
    `<circle cx="${g.centre}" cy="${g.centre}" r="${g.radius}" fill="none" stroke="#fff" stroke-width="${g.ring}"/>`,
    `<circle cx="${g.centre}" cy="${g.centre}" r="${g.dot}" fill="#fff"/>`,
    `<line x1="${g.handleFrom}" y1="${g.handleFrom}" x2="${g.handleTo}" y2="${g.handleTo}" stroke="#fff" stroke-width="${g.handle}" stroke-linecap="round"/>`,
  ].join('');
}

/** The icon at `size` px: full-bleed tile for toolbar sizes, 16/128 transparent margin for store sizes. */
export function iconSvg(size: number): string {
  const margin = size >= 96 ? 16 : size <= 16 ? 0 : 4;
  const tile = 128 - 2 * margin;
  const scale = tile / 128;
  const radius = size <= 16 ? 22 : 26;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 128 128">` +
    `<g transform="translate(${margin} ${margin}) scale(${scale})">` +
    `<rect width="128" height="128" rx="${radius}" fill="${TILE_BLUE}"/>` +
    glyph(size) +
    `</g></svg>`
  );
}
