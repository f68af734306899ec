import type { FastifyRequest } from 'fastify';

// A DNS name or IPv4 address, or a bracketed IPv6 literal, each with an optional port. Anything
// else in a Host header is not echoed into links or token issuers.
const HOST = /^(?:[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?|\[[0-9a-f:.]{2,45}\])(?::\d{1,5})?$/i;

/**
 * The origin a client reached a listener at, as links and issuers must carry it: Microsoft's hosts
 * always answer with their own name, so a client that calls `localhost` must be sent back to
 * `localhost`, not to the address the listener happens to be bound to. A configured public URL
 * (the sandbox behind a proxy) wins; a missing or odd Host header falls back to the bound URL.
 */
export function requestOrigin(req: Pick<FastifyRequest, 'headers'>, bound: string, configured?: string): string {
  if (configured) return configured.replace(/\/+$/, '');
  const host = req.headers.host;
  if (typeof host === 'string' && HOST.test(host)) return `https://${host.toLowerCase()}`;
  return bound.replace(/\/+$/, '');
}
