import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { waitFor } from './wait.js';

/** A free TCP port on loopback (the launcher needs a fixed PORT to print and to build PUBLIC_URL). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** The child exited before it was ready; `portTaken` when its port was bound by someone else meanwhile. */
export class PortTaken extends Error {
  readonly portTaken: boolean;

  constructor(readonly output: string, code: number | null) {
    super(`tandem process exited (${code}) before it was ready:\n${output}`);
    this.portTaken = output.includes('EADDRINUSE');
  }
}

/**
 * Starts a process on a fresh free port, choosing another when the port was taken between
 * choosing and binding; `envFor` builds the environment (PUBLIC_URL, redirect URIs) for a port.
 */
export async function startTandemOnFreePort(envFor: (port: number) => Promise<Record<string, string>>): Promise<TandemProcess> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    try {
      return await startTandemProcess({ ...(await envFor(port)), PORT: String(port) });
    } catch (err) {
      if (!(err instanceof PortTaken && err.portTaken) || attempt >= 5) throw err;
    }
  }
}

export interface TandemProcess {
  url: string;
  child: ChildProcess;
  output: () => string;
  /** SIGTERM, then wait for the exit code. */
  stop(): Promise<number | null>;
}

/** Runs bin/tandem.ts as a real separate process, exactly as `npm start` does (minus the web build). */
export async function startTandemProcess(env: Record<string, string>): Promise<TandemProcess> {
  const port = env.PORT ? Number(env.PORT) : await freePort();
  let out = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/tandem.ts'], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  // Ready means this child printed its banner (it has bound its port) and answers /readyz. The
  // port was free when chosen, but another test may take it before the child binds: /readyz
  // alone could then be answered by that other server while this child dies of EADDRINUSE.
  const ready = waitFor(async () => {
    if (!out.includes('Tandem is running')) return false;
    return env.TANDEM_ROLE === 'worker' || (await fetch(`${url}/readyz`).catch(() => undefined))?.ok;
  }, { timeoutMs: 120_000, message: `tandem process never became ready:\n${out}` });
  const died = exited.then((code) => {
    throw new PortTaken(out, code);
  });
  died.catch(() => undefined);
  await Promise.race([ready, died]);
  return {
    url,
    child,
    output: () => out,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
