import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AadError, aadErrorBody } from './errors.js';
import type { IdentityPlatform } from './platform.js';
import { signedOutPage } from './pages.js';

/** OpenID Provider Metadata for one `{tenant}` segment, shaped like Microsoft's v2.0 document. */
export function openIdConfiguration(p: IdentityPlatform, segment: string, base: string) {
  const path = p.resolveTenant(segment);
  const t = path.kind === 'tenant' ? path.tenant.id : path.name;
  return {
    token_endpoint: `${base}/${t}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${base}/${t}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: path.kind === 'tenant' ? `${base}/${t}/v2.0` : `${base}/{tenantid}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: 'https://graph.microsoft.com/oidc/userinfo',
    authorization_endpoint: `${base}/${t}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/${t}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/${t}/oauth2/v2.0/logout`,
    claims_supported: ['sub', 'iss', 'cloud_instance_name', 'cloud_instance_host_name', 'cloud_graph_host_name', 'msgraph_host', 'aud', 'exp', 'iat', 'auth_time', 'acr', 'nonce', 'preferred_username', 'name', 'tid', 'ver', 'at_hash', 'c_hash', 'email'],
    kerberos_endpoint: `${base}/${t}/kerberos`,
    tenant_region_scope: 'EU',
    cloud_instance_name: new URL(base).host,
    cloud_graph_host_name: 'graph.windows.net',
    msgraph_host: 'graph.microsoft.com',
    rbac_url: 'https://pas.windows.net',
  };
}

export function registerDiscovery(app: FastifyInstance, p: IdentityPlatform): void {
  app.get<{ Params: { tenant: string } }>('/:tenant/v2.0/.well-known/openid-configuration', async (req, reply) => {
    try {
      return reply.send(openIdConfiguration(p, req.params.tenant, p.origin(req)));
    } catch (err) {
      if (err instanceof AadError) return reply.code(400).send(aadErrorBody(err, new Date(p.now())));
      throw err;
    }
  });

  const keys = async (req: FastifyRequest) => ({ keys: [{ ...p.key.jwk(), issuer: `${p.origin(req)}/{tenantid}/v2.0` }] });
  app.get('/:tenant/discovery/v2.0/keys', keys);
  app.get('/:tenant/discovery/keys', keys);

  // MSAL's instance discovery: lets a client treat the sandbox host as a known authority.
  app.get('/common/discovery/instance', async (req) => {
    const base = p.origin(req);
    const host = new URL(base).host;
    return {
      tenant_discovery_endpoint: `${base}/common/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
    };
  });

  app.get<{ Params: { tenant: string }; Querystring: { post_logout_redirect_uri?: string } }>('/:tenant/oauth2/v2.0/logout', async (req, reply) => {
    const target = req.query.post_logout_redirect_uri;
    const registered = target && p.apps.list().some((a) => a.redirectUris.some((u) => new URL(u).origin === safeOrigin(target)));
    if (target && registered) return reply.redirect(target, 302);
    return reply.type('text/html').send(signedOutPage());
  });
}

function safeOrigin(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}
