import type { FastifyReply } from 'fastify';
import { Aad, aadErrorParams, type AadError } from './errors.js';
import { adminApprovalPage, consentPage, errorPage } from './pages.js';
import type { AuthTransaction, IdentityPlatform } from './platform.js';
import { redirectTo } from './redirect.js';
import { GRAPH_RESOURCE, PERMISSIONS, isOidcScope } from './scopes.js';

/**
 * After sign-in: decides between the consent page, the "Need admin approval" page, or
 * straight back to the app when everything asked for is already granted.
 */
export function consent(p: IdentityPlatform, reply: FastifyReply, txId: string, tx: AuthTransaction, action: string): FastifyReply {
  const user = p.directory.userById(tx.userId!)!;
  const app = p.apps.get(tx.clientId)!;
  const tenant = p.directory.tenant(user.tenantId)!;

  if (tx.flow === 'adminconsent') {
    if (!user.isAdmin) return fail(p, reply, txId, tx, Aad.notAdmin());
    tx.pending = requestedFor(p, tx, user.id, user.tenantId);
    p.transactions.update(txId, tx);
    return reply.type('text/html').send(consentPage({ action, tx: txId, appName: app.displayName, upn: user.userPrincipalName, permissions: lines(tx.pending), forOrganization: true }));
  }

  const requested = requestedFor(p, tx, user.id, user.tenantId);
  const granted = p.grants.effective(user.id, user.tenantId, tx.clientId);
  const tenantGranted = p.grants.tenantGrant(user.tenantId, tx.clientId);
  const missing = tx.prompt === 'consent' ? requested.filter((s) => !tenantGranted.has(s)) : requested.filter((s) => !granted.has(s));
  const needsAdmin = missing.filter((s) => tenant.adminOnlyScopes.includes(s));
  if (needsAdmin.length && !user.isAdmin) {
    tx.pending = needsAdmin;
    p.transactions.update(txId, tx);
    return reply.type('text/html').send(adminApprovalPage({ action, tx: txId, appName: app.displayName, upn: user.userPrincipalName, scopes: needsAdmin }));
  }
  if (!missing.length) return issueCode(p, reply, txId, tx);
  tx.pending = missing;
  p.transactions.update(txId, tx);
  return reply.type('text/html').send(consentPage({ action, tx: txId, appName: app.displayName, upn: user.userPrincipalName, permissions: lines(missing), forOrganization: false }));
}

/** Handles the button pressed on the consent or admin-approval page. */
export function finishInteractive(p: IdentityPlatform, reply: FastifyReply, txId: string, tx: AuthTransaction, decision: string): FastifyReply {
  const user = p.directory.userById(tx.userId!);
  if (!user || !tx.pending) return reply.code(400).type('text/html').send(errorPage('AADSTS90100: The consent request is not valid.'));
  if (decision === 'return') return fail(p, reply, txId, tx, Aad.adminConsentRequired(tx.clientId));
  if (tx.flow === 'adminconsent') {
    if (decision !== 'accept') return fail(p, reply, txId, tx, Aad.adminDeclined());
    p.grants.addTenantGrant(user.tenantId, tx.clientId, tx.pending);
    p.transactions.finish(txId);
    const scope = tx.pending.map((s) => (isOidcScope(s) ? s : `${GRAPH_RESOURCE}/${s}`)).join(' ');
    return redirectTo(reply, tx, { admin_consent: 'True', tenant: user.tenantId, scope });
  }
  if (decision !== 'accept') return fail(p, reply, txId, tx, Aad.declined());
  // Consent covers the whole request, not only the lines shown, so later sign-ins skip the page.
  p.grants.addUserGrant(user.id, tx.clientId, [...tx.pending, ...tx.requested]);
  return issueCode(p, reply, txId, tx);
}

function issueCode(p: IdentityPlatform, reply: FastifyReply, txId: string, tx: AuthTransaction): FastifyReply {
  const user = p.directory.userById(tx.userId!)!;
  const code = p.codes.create({
    clientId: tx.clientId, userId: user.id, tenantId: user.tenantId, redirectUri: tx.redirectUri,
    codeChallenge: tx.codeChallenge ?? '', nonce: tx.nonce,
  });
  p.transactions.finish(txId);
  return redirectTo(reply, tx, { code, session_state: txId.slice(0, 36) });
}

function fail(p: IdentityPlatform, reply: FastifyReply, txId: string, tx: AuthTransaction, err: AadError): FastifyReply {
  p.transactions.finish(txId);
  const extra: Record<string, string> = tx.flow === 'adminconsent' ? { admin_consent: 'True' } : {};
  return redirectTo(reply, tx, { ...extra, ...aadErrorParams(err, new Date(p.now())) });
}

/** The request's scopes, with `.default` standing for everything already consented. */
function requestedFor(p: IdentityPlatform, tx: AuthTransaction, userId: string, tenantId: string): string[] {
  const set = new Set(tx.requested);
  if (tx.wantsDefault) for (const s of p.grants.effective(userId, tenantId, tx.clientId)) set.add(s);
  if (tx.wantsDefault && ![...set].some((s) => !isOidcScope(s))) set.add('User.Read');
  return [...set];
}

function lines(scopes: string[]): Array<{ name: string; title: string; description: string }> {
  // Microsoft lists the Graph permissions first and folds openid into "Sign you in".
  const order = [...scopes].sort((a, b) => Number(isOidcScope(a)) - Number(isOidcScope(b)) || a.localeCompare(b));
  return order.map((name) => ({ name, title: PERMISSIONS[name]?.title ?? name, description: PERMISSIONS[name]?.description ?? '' }));
}
