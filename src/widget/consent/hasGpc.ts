import type { PulseOptions } from '../pulseApi';

/** Global Privacy Control, when honoured (the `gpc` option, default on): no stored ids, no ids or signals in events, no destinations. */
export const hasGpc = (options: PulseOptions, win: Window): boolean =>
  options.gpc !== false && !!(win.navigator as { globalPrivacyControl?: boolean }).globalPrivacyControl;
