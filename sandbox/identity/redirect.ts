import type { FastifyReply } from 'fastify';
import { formPostPage } from './pages.js';
import type { AuthTransaction } from './platform.js';

/** Sends the browser back to the app with these parameters, as a query string or a form post. */
export function redirectTo(reply: FastifyReply, tx: Pick<AuthTransaction, 'redirectUri' | 'responseMode' | 'state'>, params: Record<string, string>): FastifyReply {
  const all = { ...params, ...(tx.state !== undefined ? { state: tx.state } : {}) };
  if (tx.responseMode === 'form_post') return reply.type('text/html').send(formPostPage(tx.redirectUri, all));
  const url = new URL(tx.redirectUri);
  for (const [k, v] of Object.entries(all)) url.searchParams.set(k, v);
  return reply.redirect(url.toString(), 302);
}
