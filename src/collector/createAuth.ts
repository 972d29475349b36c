/**
 * Who may read the report and the export: a bearer token, or a session cookie the
 * report's sign-in form issues once the token is typed in.
 *
 * The cookie is stateless (an expiry signed with a key derived from the token), so any collector
 * behind a load balancer accepts what another issued, and changing the token signs everyone out.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** Name of the session cookie. */
export const SESSION_COOKIE = 'cp_session';

/** How long a sign-in lasts: a working day. */
export const SESSION_MS = 12 * 60 * 60 * 1000;

/** The request headers auth reads. */
export interface AuthHeaders {
  authorization?: string | undefined;
  cookie?: string | undefined;
}

/** Checks and issues credentials for the protected routes. */
export interface Auth {
  /** True when no token is configured: everything is open. */
  readonly open: boolean;
  /** True when the headers carry the bearer token or a valid, unexpired session cookie. */
  isAuthorized(headers: AuthHeaders): boolean;
  /** True when `candidate` is the token (constant time). */
  isToken(candidate: string): boolean;
  /** A `Set-Cookie` value signing the browser in. */
  sessionCookie(secure: boolean): string;
  /** A `Set-Cookie` value signing the browser out. */
  clearCookie(secure: boolean): string;
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * Builds the checks for `token`; without one (undefined or empty) everything is authorized.
 * @param now the clock, replaceable in tests.
 */
export function createAuth(token: string | undefined, now: () => number = Date.now): Auth {
  const open = token === undefined || token === '';
  const expected = digest(token ?? '');
  // A key only this token yields: the cookie proves the token was typed without containing it.
  const key = digest(`confidence-pulse session key\0${token ?? ''}`);
  const sign = (expires: string) => createHmac('sha256', key).update(expires).digest('base64url');
  // Comparing fixed-length digests in constant time leaks nothing about the token through timing.
  const isToken = (candidate: string) => !open && timingSafeEqual(digest(candidate), expected);

  const isValidSession = (value: string): boolean => {
    const [expires, signature] = value.split('.');
    if (!expires || !signature || !/^\d{1,15}$/.test(expires) || Number(expires) < now()) return false;
    return timingSafeEqual(digest(signature), digest(sign(expires)));
  };

  const attributes = (secure: boolean) => `Path=/; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;

  return {
    open,
    isToken,
    isAuthorized({ authorization, cookie }) {
      if (open) return true;
      const bearer = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization ?? '');
      if (bearer && isToken(bearer[1]!)) return true;
      const session = readCookie(cookie, SESSION_COOKIE);
      return session !== undefined && isValidSession(session);
    },
    sessionCookie(secure) {
      const expires = String(now() + SESSION_MS);
      return `${SESSION_COOKIE}=${expires}.${sign(expires)}; Max-Age=${SESSION_MS / 1000}; ${attributes(secure)}`;
    },
    clearCookie(secure) {
      return `${SESSION_COOKIE}=; Max-Age=0; ${attributes(secure)}`;
    },
  };
}

/** One cookie's value from a `Cookie` header. */
function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
