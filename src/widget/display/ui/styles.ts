/**
 * The survey's whole stylesheet, adopted by the shadow root (or put in a `<style nonce>`).
 *
 * Why it looks the way it does:
 * - `:host` is `all: initial !important`: inside a shadow tree only `!important` beats the page's own
 *   rules for the host element (`* { all: unset }`), and `display: contents` gives the host no box,
 *   so it can never take part in the page's layout. The wrapper `.p` does the positioning.
 * - Sizes are px, never rem: the page's root font size must not reach us.
 * - Theme: the page sets `--cp-accent`, `--cp-accent-fg`, `--cp-bg`, `--cp-fg`, `--cp-border`, `--cp-radius`,
 *   `--cp-font` on `confidence-pulse`; custom properties survive `all: initial`. Internal short names save bytes.
 * - Defaults: text 15.9:1 (light) / 13.7:1 (dark), accent 6.6:1 / 9.4:1, borders 4.5:1 (3:1 needed).
 * - Phones (and short windows) get a bottom sheet: `--h` (visual viewport height) and `--k` (the on-screen
 *   keyboard's height) come from mount.ts, so the sheet stays above the keyboard within 40% of what is visible.
 *   Wider screens get a 360 px card in the inline-end corner; the bar keeps its content in a 600 px column.
 * - Forced colours: the browser's own system colours everywhere (buttons, disabled state, text backplates), except
 *   on the scale points (`forced-color-adjust: none` with Highlight), where a forced background would hide which
 *   point is checked. System colours must not be set elsewhere: text keeps a Canvas backplate that would hide
 *   HighlightText.
 * - On touch screens, targets are 44 px and text fields 16 px (smaller text makes iOS zoom the page on focus).
 * - Motion only when the reader has not asked for less; opacity and transform never shift layout (CLS 0).
 * - Flat boxes: a rating point is a block, its number a block with a line height, its radio covering the point. A grid inside a column flexbox in
 *   each point made the card's first layout about a third dearer (`node bench/cardCost.mjs`).
 */
export const SURVEY_CSS =
  ':host{all:initial!important;display:contents!important}*{box-sizing:border-box}' +
  '.p{--k:0px;--h:100vh;--r:var(--cp-radius,12px);--a:var(--cp-accent,#05c);--b:var(--cp-bg,#fff);--o:var(--cp-accent-fg,var(--b));--f:var(--cp-fg,#222);--l:var(--cp-border,#777);font:15px/1.4 var(--cp-font,system-ui,sans-serif);color:var(--f)}' +
  '@media(prefers-color-scheme:dark){.p{--a:var(--cp-accent,#9cf);--b:var(--cp-bg,#222);--f:var(--cp-fg,#eee);--l:var(--cp-border,#888);color-scheme:dark}}' +
  '@media(forced-colors:active){.s span{forced-color-adjust:none;--a:Highlight;--o:HighlightText;--l:CanvasText}}' +
  '.c,.b{position:fixed;inset-inline:0;bottom:var(--k)}' +
  '.cp{position:relative;padding:16px;background:var(--b);border:1px solid var(--l);border-width:1px 0 0;border-radius:var(--r) var(--r) 0 0;max-height:calc(var(--h)*.4);overflow:auto;box-shadow:0 4px 16px #0004}' +
  '.b .cp{border-radius:0;padding-inline:max(16px,50% - 300px)}' +
  '@media(min-width:601px)and (min-height:501px){.c{inset-inline:auto 16px;bottom:calc(var(--k) + 16px);width:360px}.c .cp{max-height:calc(var(--h) - 32px)}}' +
  '.c .cp,.i .cp{border-width:1px;border-radius:var(--r)}.i .cp{box-shadow:none;max-height:none}' +
  '@media(prefers-reduced-motion:no-preference){.cp{animation:cp .2s ease-out}}@keyframes cp{0%{opacity:0;transform:translateY(8px)}}' +
  'h2,p{margin:0 0 12px;margin-inline-end:40px;font-size:16px;font-weight:600}' +
  'button,textarea,.w{font:inherit;color:var(--f);background:var(--b);border:1px solid var(--l);border-radius:8px}' +
  'button{min-width:32px;min-height:32px;padding:0 12px;cursor:pointer}button:disabled{opacity:.5;cursor:auto}' +
  '.pr,.s :checked+span{background:var(--a);border-color:var(--a);color:var(--o)}' +
  '.x{position:absolute;top:8px;inset-inline-end:8px;padding:0;border-color:#0000;font-size:20px;line-height:1}' +
  ':focus-visible,.s :focus-visible+span{outline:2px solid var(--a);outline-offset:2px}' +
  '.s,.e,.a,.y{display:flex;gap:4px}.s{flex-wrap:wrap}.a,.y{gap:8px;margin-top:12px}.a{justify-content:end}' +
  '.s label{position:relative;flex:1;min-width:24px;font-size:13px;text-align:center}' +
  '.s input{position:absolute;inset:0;width:100%;height:100%;margin:0;opacity:0;cursor:pointer}' +
  '.s span{display:block;line-height:30px;border:1px solid var(--l);border-radius:8px;font-size:15px}' +
  '.e{justify-content:space-between;margin-top:4px;font-size:13px}.e :last-child{text-align:end}' +
  '.o{display:flex;align-items:center;gap:8px;min-height:32px}.o input{width:18px;height:18px;margin:0;accent-color:var(--a)}' +
  'textarea,.w{width:100%;padding:8px;resize:vertical}.w{margin-top:4px}' +
  '.v{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}' +
  '@media(pointer:coarse){button,.o{min-height:44px;min-width:44px}.s span{line-height:42px}.s label{min-width:44px}textarea,.w{font-size:16px}}';
