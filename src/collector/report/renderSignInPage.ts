import { escapeHtml as h } from './escapeHtml';

/**
 * The sign-in form shown instead of the report when a token is set and the browser has no session:
 * the token is typed once, the answer sets an HttpOnly, SameSite=Strict cookie.
 * @param next where to go after signing in: a path on this collector, already checked by the caller.
 */
export function renderSignInPage(options: { error?: string | undefined; next: string }): string {
  const error = options.error ? `<p class="error" role="alert">${h(options.error)}</p>` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in · Confidence Pulse</title>
<link rel="icon" href="data:,"><link rel="stylesheet" href="/assets/report.css">
</head><body class="sign-in">
<main><h1>Confidence Pulse</h1>
<form method="post" action="/sign-in">
<p>This report is protected. Enter the collector's token (<code>--token</code> or <code>CP_TOKEN</code>).</p>
${error}
<label>Token<input type="password" name="token" autocomplete="current-password" required autofocus></label>
<input type="hidden" name="next" value="${h(options.next)}">
<button type="submit">Sign in</button>
</form></main>
</body></html>`;
}
