import type { FastifyInstance } from 'fastify';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

export interface Bound {
  /** Base URL without a trailing slash, named after the configured host. */
  url: string;
  /** Every address the listener accepts connections on. */
  addresses: string[];
  close(): Promise<void>;
}

/**
 * Binds a listener. `localhost` means both loopbacks, 127.0.0.1 and ::1, on one port, whatever
 * the resolver says (many hosts files map localhost to 127.0.0.1 only, and clients that resolve
 * it to ::1 would find nothing). A machine without IPv6 loopback keeps the IPv4 listener only.
 */
export async function bindListener(
  app: FastifyInstance, host: string, port: number, scheme: 'http' | 'https', tls?: { key: string; cert: string },
): Promise<Bound> {
  const primary = host === 'localhost' ? '127.0.0.1' : host;
  await app.listen({ host: primary, port });
  const address = app.server.address() as AddressInfo;
  const addresses = [address.address];
  const extra: HttpServer[] = [];
  if (host === 'localhost') {
    const handler = (req: Parameters<typeof app.routing>[0], res: Parameters<typeof app.routing>[1]): void => app.routing(req, res);
    const server = scheme === 'https' && tls ? createHttpsServer(tls, handler) : createHttpServer(handler);
    const ok = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false));
      server.listen({ host: '::1', port: address.port, ipv6Only: true }, () => resolve(true));
    });
    if (ok) {
      extra.push(server);
      addresses.push('::1');
    }
  }
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return {
    url: `${scheme}://${shown}:${address.port}`,
    addresses,
    close: async () => {
      await Promise.all(extra.map((s) => new Promise<void>((resolve) => {
        s.closeAllConnections();
        s.close(() => resolve());
      })));
    },
  };
}
