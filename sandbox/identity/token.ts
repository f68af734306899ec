import type { FastifyInstance } from 'fastify';
import { Aad, AadError, aadErrorBody } from './errors.js';
import type { IdentityPlatform } from './platform.js';
import { isOidcScope, parseScopes } from './scopes.js';
import type { TokenResponse } from './tokens.js';

type Form = Record<string, string | undefined>;

/** POST /{tenant}/oauth2/v2.0/token: authorization_code and refresh_token for confidential clients. */
export function registerToken(app: FastifyInstance, p: IdentityPlatform): void {
  app.post<{ Params: { tenant: string }; Body: Form }>('/:tenant/oauth2/v2.0/token', async (req, reply) => {
    reply.header('cache-control', 'no-store, no-cache').header('pragma', 'no-cache');
    const grant = String(req.body?.grant_type ?? '');
    p.tokenRequests.set(grant, (p.tokenRequests.get(grant) ?? 0) + 1);
    try {
      return reply.send(redeem(p, req.params.tenant, req.body ?? {}, p.origin(req)));
    } catch (err) {
      if (!(err instanceof AadError)) throw err;
      return reply.code(err.status).send(aadErrorBody(err, new Date(p.now())));
    }
  });
}

function redeem(p: IdentityPlatform, tenantSegment: string, form: Form, issuerBase: string): TokenResponse {
  const path = p.resolveTenant(tenantSegment);
  if (!form.grant_type) throw Aad.missingParam('grant_type');
  if (!form.client_id) throw Aad.missingParam('client_id');
  if (!p.apps.get(form.client_id)) throw Aad.appNotFound(form.client_id);
  if (!form.client_secret) throw Aad.secretMissing();
  if (!p.apps.checkSecret(form.client_id, form.client_secret)) throw Aad.secretInvalid(form.client_id);
  const clientInfo = form.client_info === '1';

  if (form.grant_type === 'authorization_code') {
    if (!form.code) throw Aad.missingParam('code');
    if (!form.redirect_uri) throw Aad.missingParam('redirect_uri');
    const grant = p.codes.redeem(form.code, form.client_id, form.redirect_uri, form.code_verifier);
    if (path.kind === 'tenant' && path.tenant.id !== grant.tenantId) throw Aad.wrongTenant();
    const user = p.directory.userById(grant.userId);
    if (!user) throw Aad.malformedGrant();
    const granted = p.grants.effective(user.id, user.tenantId, form.client_id);
    return p.tokens.issue({ user, clientId: form.client_id, granted, nonce: grant.nonce, clientInfo, issuerBase });
  }

  if (form.grant_type === 'refresh_token') {
    if (!form.refresh_token) throw Aad.missingParam('refresh_token');
    const record = p.codes.refreshToken(form.refresh_token);
    if (!record) throw Aad.malformedGrant();
    if (record.clientId !== form.client_id) throw Aad.rtClientMismatch();
    const user = p.directory.userById(record.userId);
    if (!user || p.directory.tokenEpoch(user.id) !== record.epoch) throw Aad.revoked();
    if (path.kind === 'tenant' && path.tenant.id !== user.tenantId) throw Aad.wrongTenant();
    const idleSec = p.refreshIdleSec();
    if (p.now() - record.issuedAt > idleSec * 1000) throw Aad.idle(new Date(record.issuedAt), idleSec);
    const granted = p.grants.effective(user.id, user.tenantId, form.client_id);
    if (form.scope) {
      const asked = parseScopes(form.scope).scopes;
      const missing = [...asked].filter((s) => !isOidcScope(s) && !granted.has(s));
      if (missing.length) throw Aad.notConsented(form.client_id);
    }
    // The old refresh token stays valid: Microsoft does not revoke on rotation.
    return p.tokens.issue({ user, clientId: form.client_id, granted, clientInfo, issuerBase });
  }

  throw Aad.unsupportedGrant(form.grant_type);
}
