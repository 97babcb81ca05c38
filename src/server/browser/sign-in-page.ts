/** Content-Security-Policy of the sign-in page: no scripts, nothing loaded, the form posts only to this server. */
export const SIGN_IN_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

export interface SignInPageOptions {
  /** Why the page is shown, in plain words (first paragraph). */
  readonly reason: string;
  /** Where to go after signing in (a path on this server). */
  readonly next: string;
}

/**
 * The plain-words page a browser gets instead of a JSON problem when it has no session: what Distill is, why the
 * page is asking, how to sign in (the one-time address `distill serve` printed, or the token in a form). One
 * self-contained HTML document with no scripts; the form posts the token to `/login` over the same TLS connection.
 *
 * @example
 * signInPage({ reason: 'You are not signed in.', next: '/app/' }) // → '<!doctype html>…'
 */
export function signInPage(options: SignInPageOptions): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in to Distill</title>
<style>
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f5f6f8;color:#1d2330}
main{max-width:36rem;margin:8vh auto;background:#fff;padding:2rem 2.25rem;border-radius:10px;box-shadow:0 1px 4px #0002}
h1{font-size:1.5rem;margin:0 0 1rem}label{display:block;font-weight:600;margin:1.25rem 0 .25rem}
input[type=password]{width:100%;box-sizing:border-box;font:inherit;padding:.5rem;border:1px solid #6b7280;border-radius:6px}
button{margin-top:1rem;font:inherit;padding:.5rem 1.25rem;border:0;border-radius:6px;background:#1f4fd1;color:#fff;cursor:pointer}
code{background:#eef0f4;padding:0 .25rem;border-radius:4px}.reason{font-weight:600}
</style></head>
<body><main>
<h1>Sign in to Distill</h1>
<p class="reason">${esc(options.reason)}</p>
<p>Distill is running on this computer and shows its data only to people who have its token.</p>
<p>The easiest way in: open the <strong>App</strong> address that the Distill window (or <code>distill serve</code>) printed.
It signs this browser in; each such address works only once. Or paste the token here:</p>
<form method="post" action="/login">
<input type="hidden" name="next" value="${esc(options.next)}">
<label for="token">Token</label>
<input id="token" name="token" type="password" autocomplete="off" required>
<button type="submit">Sign in</button>
</form>
<p>The token is in the file named on the <code>Token</code> line of the server's output, or in <code>DISTILL_TOKEN</code>.
Scripts and notebooks do not need this page: they send <code>Authorization: Bearer &lt;token&gt;</code>.</p>
</main></body></html>
`;
}

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
