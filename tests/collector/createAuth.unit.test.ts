import { describe, expect, it } from 'vitest';
import { createAuth, SESSION_MS } from '../../src/collector/createAuth';

describe('createAuth', () => {
  it('is open without a token', () => {
    const auth = createAuth(undefined);
    expect(auth.open).toBe(true);
    expect(auth.isAuthorized({})).toBe(true);
    expect(auth.isToken('')).toBe(false);
  });

  it('accepts the bearer token only', () => {
    const auth = createAuth('s3cret');
    expect(auth.isAuthorized({ authorization: 'Bearer s3cret' })).toBe(true);
    expect(auth.isAuthorized({ authorization: 'bearer s3cret ' })).toBe(true);
    expect(auth.isAuthorized({ authorization: 'Bearer s3cret2' })).toBe(false);
    expect(auth.isAuthorized({ authorization: 's3cret' })).toBe(false);
    expect(auth.isAuthorized({})).toBe(false);
  });

  it('issues an HttpOnly, SameSite=Strict session cookie that expires and dies with the token', () => {
    let now = 1_000_000;
    const auth = createAuth('s3cret', () => now);
    const setCookie = auth.sessionCookie(false);
    expect(setCookie).toMatch(/^cp_session=\d+\.[\w-]+; Max-Age=43200; Path=\/; HttpOnly; SameSite=Strict$/);
    expect(auth.sessionCookie(true)).toMatch(/; Secure$/);
    const cookie = `theme=dark; ${setCookie.split(';')[0]}`;
    expect(auth.isAuthorized({ cookie })).toBe(true);
    // Any collector with the same token accepts it; another token does not.
    expect(createAuth('s3cret', () => now).isAuthorized({ cookie })).toBe(true);
    expect(createAuth('other', () => now).isAuthorized({ cookie })).toBe(false);
    // A forged expiry breaks the signature.
    expect(auth.isAuthorized({ cookie: cookie.replace(/=(\d)/, '=9') })).toBe(false);
    now += SESSION_MS + 1;
    expect(auth.isAuthorized({ cookie })).toBe(false);
    expect(auth.clearCookie(false)).toBe('cp_session=; Max-Age=0; Path=/; HttpOnly; SameSite=Strict');
  });
});
