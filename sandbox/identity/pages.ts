/**
 * The identity platform's HTML pages. Plain forms with named inputs and buttons labelled as
 * Microsoft labels them, so a real browser (and a test driving the HTML) can complete them.
 */
export interface PermissionLine { name: string; title: string; description: string }

export const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:"Segoe UI",system-ui,sans-serif;background:#f2f2f2;margin:0}
main{max-width:440px;margin:8vh auto;background:#fff;padding:44px;box-shadow:0 2px 6px rgba(0,0,0,.2)}
h1{font-size:24px;font-weight:600}input[type=text],input[type=email],input[type=password]{width:100%;padding:6px 0;margin:8px 0 16px;border:0;border-bottom:1px solid #666;font-size:15px}
button{padding:6px 24px;margin:8px 8px 0 0;font-size:15px;border:0;background:#0067b8;color:#fff;cursor:pointer}
button.secondary{background:#ccc;color:#000}.error{color:#e81123}.tag{color:#666;font-size:13px}li{margin-bottom:12px}</style>
</head><body><main><p class="tag">Tandem Sandbox · Microsoft identity platform</p>${body}</main></body></html>`;
}

const hidden = (tx: string): string => `<input type="hidden" name="tx" value="${esc(tx)}">`;

export function signInPage(o: { action: string; tx: string; loginHint?: string; error?: string; heading?: string }): string {
  return page('Sign in to your account', `<h1>${esc(o.heading ?? 'Sign in')}</h1>
${o.error ? `<p class="error" role="alert">${esc(o.error)}</p>` : ''}
<form method="post" action="${esc(o.action)}">${hidden(o.tx)}
<label for="login">Email, phone, or Skype</label>
<input type="email" id="login" name="login" autocomplete="username" required value="${esc(o.loginHint ?? '')}">
<label for="passwd">Password</label>
<input type="password" id="passwd" name="passwd" autocomplete="current-password" required>
<button type="submit" id="idSIButton9">Sign in</button></form>`);
}

export function consentPage(o: { action: string; tx: string; appName: string; upn: string; permissions: PermissionLine[]; forOrganization: boolean }): string {
  const items = o.permissions.map((p) => `<li data-scope="${esc(p.name)}"><strong>${esc(p.title)}</strong><br><span>${esc(p.description)}</span></li>`).join('\n');
  return page('Permissions requested', `<p>${esc(o.upn)}</p><h1>Permissions requested</h1>
<p><strong>${esc(o.appName)}</strong> (unverified)</p><p>This app would like to:</p><ul id="permissions">${items}</ul>
${o.forOrganization ? '<p>If you accept, this app will get access to the specified resources for all users in your organization. No one else will be prompted to review these permissions.</p>' : ''}
<p>Accepting these permissions means that you allow this app to use your data as specified in their terms of service and privacy statement.</p>
<form method="post" action="${esc(o.action)}">${hidden(o.tx)}
<button type="submit" name="decision" value="cancel" class="secondary">Cancel</button>
<button type="submit" name="decision" value="accept">Accept</button></form>`);
}

export function adminApprovalPage(o: { action: string; tx: string; appName: string; upn: string; scopes: string[] }): string {
  return page('Need admin approval', `<p>${esc(o.upn)}</p><h1>Need admin approval</h1>
<p class="error">AADSTS90094</p>
<p><strong>${esc(o.appName)}</strong> needs permission to access resources in your organization that only an admin can grant (${esc(o.scopes.join(', '))}). Please ask an admin to grant permission to this app before you can use it.</p>
<form method="post" action="${esc(o.action)}">${hidden(o.tx)}
<button type="submit" name="decision" value="return" class="secondary">Return to the application without granting consent</button></form>`);
}

export function errorPage(message: string): string {
  return page('Sign in error', `<h1>Sorry, but we're having trouble signing you in.</h1><p class="error" role="alert">${esc(message)}</p>`);
}

/** response_mode=form_post: the browser posts the result to the redirect URI. */
export function formPostPage(redirectUri: string, params: Record<string, string>): string {
  const inputs = Object.entries(params).map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`).join('');
  return page('Working...', `<form method="post" name="hiddenform" action="${esc(redirectUri)}">${inputs}<noscript><button type="submit">Continue</button></noscript></form>
<script>document.forms.hiddenform.submit()</script>`);
}

export function signedOutPage(): string {
  return page('Signed out', '<h1>You signed out of your account</h1><p>It\'s a good idea to close all browser windows.</p>');
}
