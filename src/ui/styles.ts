/**
 * The survey's whole stylesheet, adopted by the shadow root (or put in a `<style nonce>`).
 *
 * Why it looks the way it does:
 * - `:host` is `all: initial !important`: inside a shadow tree only `!important` beats the page's own
 *   rules for the host element (`* { all: unset }`), and `display: contents` gives the host no box,
 *   so it can never take part in the page's layout. The fixed wrapper `.p` does the positioning.
 * - Sizes are px, never rem: the page's root font size must not reach us.
 * - Theme: the page sets `--cp-accent`, `--cp-bg`, `--cp-fg`, `--cp-border`, `--cp-radius`, `--cp-font` on
 *   `confidence-pulse`; custom properties survive `all: initial`. Internal short names (`--a`, `--b`…) save bytes.
 * - Defaults: text 15.9:1 (light) / 13.7:1 (dark), accent 6.6:1 / 9.4:1, borders 4.5:1 (≥ 3:1 needed).
 * - `--cp-kb` is set by mount.ts from `visualViewport`, so the sheet stays above the on-screen keyboard.
 * - Forced colours: system colours with `forced-color-adjust: none`, so the checked point stays distinct.
 */
export const SURVEY_CSS =
  ':host{all:initial!important;display:contents!important}' +
  '.p{--a:var(--cp-accent,#05c);--o:var(--cp-bg,#fff);--b:var(--o);--f:var(--cp-fg,#222);--l:var(--cp-border,#777);font:15px/1.4 var(--cp-font,system-ui,sans-serif);color:var(--f)}' +
  '@media(prefers-color-scheme:dark){.p{--a:var(--cp-accent,#9cf);--o:var(--cp-bg,#222);--f:var(--cp-fg,#eee);--l:var(--cp-border,#888)}}' +
  '@media(forced-colors:active){.p{forced-color-adjust:none;--a:Highlight;--o:HighlightText;--b:Canvas;--f:CanvasText;--l:ButtonText}}' +
  '.c,.b{position:fixed;bottom:calc(var(--cp-kb,0px) + 16px);inset-inline-end:16px;width:360px;max-width:calc(100vw - 32px)}' +
  '.b{bottom:var(--cp-kb,0px);inset-inline:0;width:auto;max-width:none}' +
  '.cp{position:relative;box-sizing:border-box;padding:16px;background:var(--b);border:1px solid var(--l);border-radius:var(--cp-radius,12px);box-shadow:0 4px 16px #0004;animation:cp .2s ease-out}' +
  '.b .cp{border-radius:0;border-width:1px 0 0}.i .cp{box-shadow:none;animation:none}' +
  '@keyframes cp{from{opacity:0;transform:translateY(8px)}}' +
  '@media(prefers-reduced-motion:reduce){.cp{animation:none}}' +
  '@media(max-width:600px){.c{bottom:var(--cp-kb,0px);inset-inline:0;width:auto;max-width:none}' +
  '.c .cp{border-radius:var(--cp-radius,12px) var(--cp-radius,12px) 0 0;border-width:1px 0 0}' +
  '.c .cp,.b .cp{max-height:40vh;max-height:40dvh;overflow:auto}}' +
  'h2,.t{margin:0 0 12px;margin-inline-end:40px;font-size:16px;font-weight:600}' +
  'button,textarea,.w{font:inherit;color:var(--f);background:var(--b);border:1px solid var(--l);border-radius:8px;box-sizing:border-box}' +
  'button{min-width:32px;min-height:32px;padding:0 12px;cursor:pointer}button:disabled{opacity:.5;cursor:default}' +
  '.pr,.s input:checked+span{background:var(--a);border-color:var(--a);color:var(--o)}' +
  '.x{position:absolute;top:8px;inset-inline-end:8px;padding:0;border-color:transparent;font-size:20px;line-height:1}' +
  ':focus-visible,.s input:focus-visible+span{outline:2px solid var(--a);outline-offset:2px}' +
  '.s,.e,.a,.y{display:flex;gap:4px}.s{flex-wrap:wrap}.a,.y{gap:8px;margin-top:12px}.a{justify-content:flex-end}' +
  '.s label{position:relative;flex:1;display:flex;flex-direction:column;align-items:center;font-size:13px;text-align:center}' +
  '.s input{position:absolute;inset:0;width:100%;height:32px;margin:0;opacity:0;cursor:pointer}' +
  '.s span{display:flex;align-items:center;justify-content:center;width:100%;min-width:24px;height:32px;border:1px solid var(--l);border-radius:8px;box-sizing:border-box;font-size:15px}' +
  '.e{justify-content:space-between;margin-top:4px;font-size:13px}.e :last-child{text-align:end}' +
  '.o{display:flex;align-items:center;gap:8px;min-height:32px}.o input{width:18px;height:18px;margin:0;accent-color:var(--a)}' +
  'textarea,.w{width:100%;padding:8px;resize:vertical}.w{margin-top:4px}' +
  '.v{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}' +
  '@media(pointer:coarse){button,.o{min-height:44px;min-width:44px}.s span,.s input{height:44px}.s span{min-width:44px}}';
