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
  if (env.TANDEM_ROLE !== 'worker') {
    await waitFor(async () => (await fetch(`${url}/readyz`).catch(() => undefined))?.ok, {
      timeoutMs: 120_000,
      message: `tandem process never became ready:\n${out}`,
    });
  } else {
    await waitFor(() => out.includes('Tandem is running'), { timeoutMs: 120_000, message: `worker never started:\n${out}` });
  }
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
