import type { PulseOptions } from '../pulseApi';

/** True when storing and sending are allowed: the page's `consent(…)` call, else whether options or document require one. */
export const isPermitted = (consent: boolean | undefined, options: PulseOptions, config: any): boolean =>
  consent ?? (options.consent !== 'required' && config?.consent !== 'required');
