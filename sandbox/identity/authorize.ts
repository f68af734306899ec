import type { FastifyInstance, FastifyReply } from 'fastify';
import { consent, finishInteractive } from './consent.js';
import { redirectTo } from './redirect.js';
import { Aad, AadError, aadErrorParams } from './errors.js';
import { errorPage, signInPage } from './pages.js';
import type { AuthTransaction, IdentityPlatform } from './platform.js';
import { parseScopes } from './scopes.js';

type Query = Record<string, string | undefined>;

function showError(reply: FastifyReply, err: AadError): FastifyReply {
  return reply.code(400).type('text/html').send(errorPage(err.message));
}

/**
 * Checks a request that names a client and redirect URI. Until the redirect URI is known to
 * be registered, failures are shown as a page: redirecting to an unverified URI would turn
 * the sign-in service into an open redirector.
 */
function checkClient(p: IdentityPlatform, q: Query): { clientId: string; redirectUri: string; appName: string } {
  if (!q.client_id) throw Aad.missingParam('client_id');
  const app = p.apps.get(q.client_id);
  if (!app) throw Aad.appNotFound(q.client_id);
  if (!q.redirect_uri) throw Aad.missingParam('redirect_uri');
  if (!app.redirectUris.includes(q.redirect_uri)) throw Aad.redirectMismatch(q.redirect_uri, q.client_id);
  return { clientId: app.clientId, redirectUri: q.redirect_uri, appName: app.displayName };
}

export function registerAuthorize(app: FastifyInstance, p: IdentityPlatform): void {
  const loginAction = (tenant: string) => `/${encodeURIComponent(tenant)}/login`;

  app.get<{ Params: { tenant: string }; Querystring: Query }>('/:tenant/oauth2/v2.0/authorize', async (req, reply) => {
    const q = req.query;
    let tenantId: string | undefined;
    let client: ReturnType<typeof checkClient>;
    try {
      const path = p.resolveTenant(req.params.tenant);
      if (path.kind === 'tenant') tenantId = path.tenant.id;
      client = checkClient(p, q);
    } catch (err) {
      if (err instanceof AadError) return showError(reply, err);
      throw err;
    }
    const base = { redirectUri: client.redirectUri, responseMode: q.response_mode === 'form_post' ? 'form_post' as const : 'query' as const, state: q.state };
    try {
      if (q.response_type !== 'code') throw Aad.unsupportedResponseType();
      if (!q.code_challenge) throw Aad.pkceRequired();
      if ((q.code_challenge_method ?? 'plain') !== 'S256') throw Aad.badChallengeMethod();
      if (!q.scope) throw Aad.missingParam('scope');
      const scopes = parseScopes(q.scope);
      if (q.prompt === 'none') throw Aad.loginRequired();
      const tx: AuthTransaction = {
        flow: 'authorize', tenantPath: req.params.tenant, tenantId, clientId: client.clientId, ...base,
        nonce: q.nonce, codeChallenge: q.code_challenge, prompt: q.prompt, requested: [...scopes.scopes], wantsDefault: scopes.wantsDefault,
      };
      const id = p.transactions.create(tx);
      return reply.type('text/html').send(signInPage({ action: loginAction(req.params.tenant), tx: id, loginHint: q.login_hint }));
    } catch (err) {
      if (err instanceof AadError) return redirectTo(reply, base, aadErrorParams(err, new Date(p.now())));
      throw err;
    }
  });

  app.get<{ Params: { tenant: string }; Querystring: Query }>('/:tenant/v2.0/adminconsent', async (req, reply) => {
    const q = req.query;
    let client: ReturnType<typeof checkClient>;
    let tenantId: string | undefined;
    try {
      const path = p.resolveTenant(req.params.tenant);
      if (path.kind === 'tenant') tenantId = path.tenant.id;
      client = checkClient(p, q);
    } catch (err) {
      if (err instanceof AadError) return showError(reply, err);
      throw err;
    }
    const base = { redirectUri: client.redirectUri, responseMode: 'query' as const, state: q.state };
    try {
      if (['common', 'consumers'].includes(req.params.tenant.toLowerCase())) throw Aad.commonAdminConsent();
      if (!q.scope) throw Aad.missingParam('scope');
      const scopes = parseScopes(q.scope);
      const tx: AuthTransaction = {
        flow: 'adminconsent', tenantPath: req.params.tenant, tenantId, clientId: client.clientId, ...base,
        requested: [...scopes.scopes], wantsDefault: scopes.wantsDefault,
      };
      const id = p.transactions.create(tx);
      return reply.type('text/html').send(signInPage({ action: loginAction(req.params.tenant), tx: id, heading: 'Sign in with an administrator account' }));
    } catch (err) {
      if (err instanceof AadError) return redirectTo(reply, base, { admin_consent: 'True', ...aadErrorParams(err, new Date(p.now())) });
      throw err;
    }
  });

  app.post<{ Params: { tenant: string }; Body: Query }>('/:tenant/login', async (req, reply) => {
    const txId = req.body?.tx ?? '';
    const tx = p.transactions.get(txId);
    if (!tx) return reply.code(400).type('text/html').send(errorPage('AADSTS50089: Authentication failed due to flow token expired. Start the sign-in again from the application.'));
    const action = loginAction(req.params.tenant);
    const user = p.directory.authenticate(req.body.login ?? '', req.body.passwd ?? '');
    if (!user) {
      return reply.code(200).type('text/html').send(signInPage({ action, tx: txId, loginHint: req.body.login, error: "AADSTS50126: Your account or password is incorrect." }));
    }
    if (tx.tenantId && user.tenantId !== tx.tenantId) {
      const tenant = p.directory.tenant(tx.tenantId);
      return reply.type('text/html').send(signInPage({ action, tx: txId, loginHint: req.body.login, error: `AADSTS50020: User account '${user.userPrincipalName}' does not exist in tenant '${tenant?.displayName ?? tx.tenantId}' and cannot access the application in that tenant.` }));
    }
    tx.userId = user.id;
    p.transactions.update(txId, tx);
    return consent(p, reply, txId, tx, `/${encodeURIComponent(req.params.tenant)}/consent`);
  });

  app.post<{ Params: { tenant: string }; Body: Query }>('/:tenant/consent', async (req, reply) => {
    const txId = req.body?.tx ?? '';
    const tx = p.transactions.get(txId);
    if (!tx || !tx.userId) return reply.code(400).type('text/html').send(errorPage('AADSTS50089: Authentication failed due to flow token expired. Start the sign-in again from the application.'));
    return finishInteractive(p, reply, txId, tx, req.body.decision ?? 'cancel');
  });
}
