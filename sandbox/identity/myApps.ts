import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { esc, page } from './pages.js';
import type { IdentityPlatform } from './platform.js';

const SESSION_MS = 10 * 60_000;

/**
 * The sandbox's stand-in for My Apps (myapps.microsoft.com → "Manage your applications"): a user
 * signs in, sees the apps they consented to and removes one. Removing withdraws that user's
 * consent for the app and, like Entra, makes its refresh tokens stop working (the sandbox does this
 * by revoking the user's sessions, which ends every app's tokens, not just this one's). Grants an
 * administrator gave the whole tenant are not the user's to remove and are not listed.
 */
export function registerMyApps(app: FastifyInstance, p: IdentityPlatform): void {
  const sessions = new Map<string, { userId: string; until: number }>();
  const open = (userId: string) => {
    for (const [k, s] of sessions) if (s.until < Date.now()) sessions.delete(k);
    const key = randomBytes(24).toString('base64url');
    sessions.set(key, { userId, until: Date.now() + SESSION_MS });
    return key;
  };

  const signIn = (reply: FastifyReply, error?: string) => reply.type('text/html').send(page('My Apps', `<h1>My Apps</h1>
<p>Sign in to see the apps you have given access to your account, and remove them.</p>
${error ? `<p class="error" role="alert">${esc(error)}</p>` : ''}
<form method="post" action="/myapps"><label for="login">Email</label><input type="email" id="login" name="login" required>
<label for="passwd">Password</label><input type="password" id="passwd" name="passwd" required><button type="submit">Sign in</button></form>`));

  const list = (reply: FastifyReply, userId: string, session: string, notice?: string) => {
    const user = p.directory.userById(userId)!;
    const rows = p.grants.userApps(userId).map((g) => {
      const name = p.apps.get(g.clientId)?.displayName ?? g.clientId;
      return `<li data-app="${esc(g.clientId)}"><strong>${esc(name)}</strong><br><span class="tag">${esc(g.scopes.join(', '))}</span>
<form method="post" action="/myapps/remove"><input type="hidden" name="session" value="${esc(session)}"><input type="hidden" name="clientId" value="${esc(g.clientId)}">
<button type="submit" class="secondary">Remove ${esc(name)}</button></form></li>`;
    });
    return reply.type('text/html').send(page('My Apps', `<h1>My Apps</h1><p class="tag">${esc(user.userPrincipalName)}</p>
${notice ? `<p role="status">${esc(notice)}</p>` : ''}
${rows.length ? `<ul id="apps">${rows.join('\n')}</ul>` : '<p>You have not given any app access to your account.</p>'}`));
  };

  app.get('/myapps', async (_req, reply) => signIn(reply));

  app.post<{ Body: { login?: string; passwd?: string } }>('/myapps', async (req, reply) => {
    const user = p.directory.authenticate(req.body?.login ?? '', req.body?.passwd ?? '');
    if (!user) return signIn(reply, 'Your account or password is incorrect.');
    return list(reply, user.id, open(user.id));
  });

  app.post<{ Body: { session?: string; clientId?: string } }>('/myapps/remove', async (req, reply) => {
    const s = sessions.get(req.body?.session ?? '');
    if (!s || s.until < Date.now()) return signIn(reply, 'Your session ended. Sign in again.');
    const clientId = req.body?.clientId ?? '';
    const name = p.apps.get(clientId)?.displayName ?? clientId;
    p.grants.removeUserGrant(s.userId, clientId);
    p.revokeSessions(s.userId);
    return list(reply, s.userId, req.body!.session!, `Removed ${name}: it no longer has access to your account.`);
  });
}
