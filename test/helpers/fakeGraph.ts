import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeGraphHandler = (req: IncomingMessage, res: ServerResponse, body: string) => void | Promise<void>;

export interface FakeGraphRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface FakeGraph {
  /** Origin to give GraphClient as graphUrl. */
  url: string;
  /** Every request received since the last reset(), in arrival order. */
  requests: FakeGraphRequest[];
  answer(handler: FakeGraphHandler): void;
  reset(): void;
  close(): Promise<void>;
}

/**
 * A stand-in for Graph on 127.0.0.1, so tests can give the answers real Graph (or a gateway in front of it)
 * gives and see exactly what the client sent. The request is recorded before the handler runs, so a test
 * can assert on requests the handler never answered.
 */
export async function startFakeGraph(): Promise<FakeGraph> {
  const requests: FakeGraphRequest[] = [];
  // A test that forgets to answer gets a plain failure rather than a request left hanging.
  let handler: FakeGraphHandler = (_req, res) => send(res, 501, 'no handler installed');
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      requests.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      void handler(req, res, body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    answer(h) {
      handler = h;
    },
    reset() {
      requests.length = 0;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

export function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, headers);
  res.end(body);
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  send(res, status, JSON.stringify(body), { 'content-type': 'application/json', ...headers });
}
