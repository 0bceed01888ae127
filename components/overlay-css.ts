/**
 * The one stylesheet of every KR Lens surface (overlay, picker, floating chip, board markers). It is
 * injected into a shadow root, so it starts from `:host { all: initial }` and the host page's styles
 * neither leak in nor out. Colours are custom properties per `data-theme` (the caller reads the
 * tracker's theme), sized like Atlassian's UI (12–14px, 4px radii) so the overlay sits quietly next
 * to an issue header. Every text/background pair is checked for WCAG AA in the tests.
 */
import type { Theme } from './Overlay';

export const THEME_TOKENS = {
  light: {
    bg: '#FFFFFF',
    surface: '#F7F8F9',
    fg: '#172B4D',
    'fg-subtle': '#44546F',
    border: '#DCDFE4',
    'input-border': '#8590A2',
    link: '#0C66E4',
    focus: '#0C66E4',
    'btn-bg': '#F1F2F4',
    'btn-hover': '#DCDFE4',
    'option-active': '#E9F2FF',
    'green-fg': '#216E4E',
    'green-bg': '#DCFFF1',
    'yellow-fg': '#7F5F01',
    'yellow-bg': '#FFF7D6',
    'red-fg': '#AE2E24',
    'red-bg': '#FFECEB',
    'blue-fg': '#0055CC',
    'blue-bg': '#E9F2FF',
    'neutral-fg': '#44546F',
    'neutral-bg': '#F1F2F4',
    'bar-track': '#DCDFE4',
    'bar-green': '#1F845A',
    'bar-yellow': '#946F00',
    'bar-red': '#C9372C',
    'bar-none': '#626F86',
    skeleton: '#DCDFE4',
    shadow: '0 4px 8px rgba(9, 30, 66, 0.25), 0 0 1px rgba(9, 30, 66, 0.31)',
  },
  dark: {
    bg: '#22272B',
    surface: '#2C333A',
    fg: '#B6C2CF',
    'fg-subtle': '#9FADBC',
    border: '#38414A',
    'input-border': '#738496',
    link: '#579DFF',
    focus: '#85B8FF',
    'btn-bg': '#38414A',
    'btn-hover': '#454F59',
    'option-active': '#1C2B41',
    'green-fg': '#7EE2B8',
    'green-bg': '#164B35',
    'yellow-fg': '#F5CD47',
    'yellow-bg': '#533F04',
    'red-fg': '#FD9891',
    'red-bg': '#5D1F1A',
    'blue-fg': '#85B8FF',
    'blue-bg': '#09326C',
    'neutral-fg': '#B6C2CF',
    'neutral-bg': '#38414A',
    'bar-track': '#38414A',
    'bar-green': '#4BCE97',
    'bar-yellow': '#E2B203',
    'bar-red': '#F87168',
    'bar-none': '#9FADBC',
    skeleton: '#38414A',
    shadow: '0 4px 8px rgba(3, 4, 4, 0.36), 0 0 0 1px rgba(188, 214, 240, 0.12)',
  },
} as const satisfies Record<Theme, Record<string, string>>;

export type ThemeToken = keyof (typeof THEME_TOKENS)['light'];

function declarations(theme: Theme): string {
  return Object.entries(THEME_TOKENS[theme])
    .map(([name, value]) => `--krl-${name}:${value};`)
    .join('');
}

// Atlassian's and Linear's own stack, so the overlay reads as part of the page.
const FONT = `-apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,Ubuntu,"Helvetica Neue",sans-serif`;

const css = String.raw;

export const overlayCss = css`
:host{all:initial}
:host,[data-theme=light]{${declarations('light')}color-scheme:light}
[data-theme=dark]{${declarations('dark')}color-scheme:dark}
.krl,.krl-floating,.krl-marker{box-sizing:border-box;font-family:${FONT};font-size:13px;line-height:1.45;color:var(--krl-fg);text-align:left;-webkit-font-smoothing:antialiased}
.krl *,.krl *::before,.krl *::after,.krl-floating *,.krl-marker *{box-sizing:inherit}
.krl p,.krl h4,.krl ul,.krl ol{margin:0}
.krl{display:block;min-width:0;max-width:100%;padding:8px;background:var(--krl-bg);border:1px solid var(--krl-border);border-radius:4px;overflow-wrap:anywhere}
.krl>*+*{margin-top:8px}
.krl--compact{padding:6px;font-size:12px}
.krl--compact>*+*{margin-top:6px}
.krl a{color:var(--krl-link);text-decoration:none}
.krl a:hover{text-decoration:underline}
.krl :where(a,button,input,[tabindex]):focus-visible,.krl-floating :where(button):focus-visible{outline:2px solid var(--krl-focus);outline-offset:2px}
.krl-sr-only{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
.krl-subtle{color:var(--krl-fg-subtle);font-size:12px}
.krl-skeleton{height:12px;border-radius:4px;background:var(--krl-skeleton);animation:krl-pulse 1.2s ease-in-out infinite alternate}
.krl-skeleton--short{width:40%}
.krl-skeleton--bar{height:6px}
@keyframes krl-pulse{from{opacity:1}to{opacity:.45}}
.krl-card{display:grid;gap:4px;min-width:0;padding:8px;background:var(--krl-surface);border:1px solid var(--krl-border);border-radius:4px}
.krl-chain{display:flex;flex-wrap:wrap;gap:0 4px;padding:0;list-style:none;font-size:12px;color:var(--krl-fg-subtle)}
.krl-chain__item{max-width:100%;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.krl-chain__item+.krl-chain__item::before{content:"› ";content:"› "/"";}
.krl-card__objective{font-size:12px;color:var(--krl-fg-subtle)}
.krl-card__kr{font-size:14px;font-weight:600}
.krl-card__kr a{color:var(--krl-fg)}
.krl-card--compact .krl-card__kr{font-size:13px}
.krl-card--compact .krl-chain{flex-wrap:nowrap}
.krl-card__progress{display:flex;align-items:center;gap:8px}
.krl-card__percent{min-width:4ch;text-align:right;font-weight:600;font-variant-numeric:tabular-nums}
.krl-card__meta{display:flex;flex-wrap:wrap;align-items:center;gap:4px 8px;font-size:12px;color:var(--krl-fg-subtle)}
.krl-card__actions{display:flex;gap:12px;margin-left:auto}
.krl-text--green{color:var(--krl-green-fg)}
.krl-text--yellow{color:var(--krl-yellow-fg)}
.krl-text--red{color:var(--krl-red-fg)}
.krl-bar{position:relative;flex:1;min-width:48px;height:6px;overflow:hidden;border-radius:3px;background:var(--krl-bar-track)}
.krl-bar__fill{height:100%;border-radius:inherit;background:var(--krl-bar-none);transition:width .3s ease}
.krl-band--green{background:var(--krl-bar-green)}
.krl-band--yellow{background:var(--krl-bar-yellow)}
.krl-band--red{background:var(--krl-bar-red)}
.krl-bar--unknown{background:repeating-linear-gradient(135deg,var(--krl-bar-track) 0 4px,transparent 4px 8px);box-shadow:inset 0 0 0 1px var(--krl-bar-track)}
.krl-pill{display:inline-block;padding:0 4px;border-radius:3px;font-size:12px;font-weight:600;line-height:18px;white-space:nowrap;background:var(--krl-neutral-bg);color:var(--krl-neutral-fg)}
.krl-pill--on-track,.krl-pill--done{background:var(--krl-green-bg);color:var(--krl-green-fg)}
.krl-pill--at-risk{background:var(--krl-yellow-bg);color:var(--krl-yellow-fg)}
.krl-pill--off-track{background:var(--krl-red-bg);color:var(--krl-red-fg)}
.krl-pill--in_progress{background:var(--krl-blue-bg);color:var(--krl-blue-fg)}
.krl-btn{display:inline-flex;align-items:center;min-height:28px;padding:4px 10px;border:0;border-radius:4px;font:inherit;font-weight:500;color:var(--krl-fg);background:var(--krl-btn-bg);cursor:pointer}
.krl-btn:hover:not(:disabled){background:var(--krl-btn-hover)}
.krl-link-btn{padding:0;border:0;font:inherit;color:var(--krl-link);background:none;cursor:pointer}
.krl-link-btn:hover:not(:disabled){text-decoration:underline}
.krl-link-btn--danger{color:var(--krl-red-fg)}
.krl button:disabled{opacity:.6;cursor:not-allowed}
.krl-error{padding:8px;border-left:4px solid var(--krl-bar-red);border-radius:4px;font-size:14px;font-weight:600;color:var(--krl-red-fg);background:var(--krl-red-bg)}
.krl-notice{padding:6px 8px;border-radius:4px;font-size:12px;color:var(--krl-yellow-fg);background:var(--krl-yellow-bg)}
.krl-setup{display:grid;gap:6px;justify-items:start}
.krl-empty{font-weight:600}
.krl-empty--unaligned::before{content:"";display:inline-block;width:8px;height:8px;margin-right:6px;border-radius:50%;background:var(--krl-bar-yellow);vertical-align:baseline}
.krl-freshness{display:flex;flex-wrap:wrap;justify-content:flex-end;align-items:center;gap:4px 8px;font-size:12px;color:var(--krl-fg-subtle)}
.krl-freshness--stale .krl-freshness__age{color:var(--krl-yellow-fg)}
.krl-why{display:grid;gap:6px;margin-top:4px;padding-top:6px;border-top:1px solid var(--krl-border);font-size:12px}
.krl-why__formula{padding:4px 6px;border-radius:4px;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:var(--krl-bg)}
.krl-why__notes{padding-left:16px}
.krl-why__heading{margin:0 0 2px;font-size:12px;font-weight:600;color:var(--krl-fg-subtle)}
.krl-why__list{display:grid;gap:4px;padding:0;list-style:none}
.krl-why__issue,.krl-why__checkin{display:flex;flex-wrap:wrap;align-items:baseline;gap:2px 6px;min-width:0}
.krl-why__key,.krl-why__date{font-weight:600;white-space:nowrap}
.krl-why__title{flex:1 1 12em;min-width:0}
.krl-why__meta{display:inline-flex;flex-wrap:wrap;gap:2px 6px;color:var(--krl-fg-subtle)}
.krl-why__note{flex-basis:100%;color:var(--krl-fg-subtle)}
.krl-linking{display:grid;gap:6px;justify-items:start}
.krl-picker{display:grid;gap:4px;width:100%}
.krl-picker__label{font-size:12px;font-weight:600;color:var(--krl-fg-subtle)}
.krl-picker__input{width:100%;min-height:32px;padding:4px 6px;border:2px solid var(--krl-input-border);border-radius:4px;font:inherit;font-size:14px;color:var(--krl-fg);background:var(--krl-bg)}
.krl-picker__input:focus{border-color:var(--krl-focus);outline:none}
.krl-picker__input::placeholder{color:var(--krl-fg-subtle);opacity:1}
.krl-picker__list{max-height:240px;overflow:auto;padding:0;list-style:none;border:1px solid var(--krl-border);border-radius:4px}
.krl-picker__list:empty{display:none}
.krl-picker__status{font-size:12px;color:var(--krl-fg-subtle)}
.krl-picker__status--error{color:var(--krl-red-fg)}
.krl-option{display:grid;gap:2px;padding:6px 8px;border-left:2px solid transparent;cursor:pointer}
.krl-option+.krl-option{border-top:1px solid var(--krl-border)}
.krl-option--active{border-left-color:var(--krl-focus);background:var(--krl-option-active)}
.krl-option[aria-disabled=true]{cursor:default}
.krl-option[aria-disabled=true] .krl-option__title{color:var(--krl-fg-subtle)}
.krl-option__title{font-weight:500}
.krl-option__meta{display:flex;flex-wrap:wrap;gap:2px 8px;font-size:12px;color:var(--krl-fg-subtle)}
.krl-badge{padding:0 4px;border-radius:3px;font-weight:600;color:var(--krl-neutral-fg);background:var(--krl-neutral-bg)}
.krl-badge--suggested{color:var(--krl-blue-fg);background:var(--krl-blue-bg)}
.krl-floating{position:fixed;right:16px;bottom:16px;z-index:2147483000;display:flex;flex-direction:column;align-items:flex-end;gap:8px}
.krl-floating__panel{width:min(360px,calc(100vw - 32px));max-height:min(70vh,560px);overflow:auto;border-radius:4px;box-shadow:var(--krl-shadow)}
.krl-chip{display:inline-flex;align-items:center;gap:6px;min-height:28px;padding:4px 10px;border:1px solid var(--krl-border);border-radius:4px;font:inherit;font-weight:600;color:var(--krl-fg);background:var(--krl-bg);box-shadow:var(--krl-shadow);cursor:pointer}
.krl-chip__dot,.krl-marker__dot{flex:none;width:8px;height:8px;border-radius:50%;background:var(--krl-bar-green)}
.krl-chip--unaligned .krl-chip__dot,.krl-marker__dot{background:var(--krl-bar-yellow)}
.krl-chip--run .krl-chip__dot{background:var(--krl-bar-none)}
.krl-chip--error .krl-chip__dot{background:var(--krl-bar-red)}
.krl-marker{display:inline-flex;align-items:center;gap:4px;max-width:100%;padding:0 4px;border-radius:3px;font-size:12px;line-height:18px;white-space:nowrap;vertical-align:middle}
.krl-marker--kr{color:var(--krl-blue-fg);background:var(--krl-blue-bg)}
.krl-marker--unaligned{color:var(--krl-yellow-fg);background:var(--krl-yellow-bg)}
.krl-marker--run{color:var(--krl-fg-subtle)}
.krl-marker__title{min-width:0;max-width:16em;overflow:hidden;text-overflow:ellipsis}
.krl-marker__more{font-weight:700}
@media (prefers-reduced-motion:reduce){.krl *,.krl-floating *{animation:none!important;transition:none!important}}
@media (forced-colors:active){.krl-bar{border:1px solid CanvasText}.krl-bar__fill{background:Highlight}.krl-option--active{outline:2px solid Highlight}}
`;
