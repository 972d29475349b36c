/**
 * Consent: true when storing and sending are allowed for this page view: the page's `consent(…)` call when it made
 * one, else unless the `consent` option or the document requires consent.
 */
export const isPermitted = (consent: boolean | undefined, optionConsent: string | undefined, documentConsent: unknown): boolean =>
  consent ?? (optionConsent !== 'required' && documentConsent !== 'required');
