/** Shared set-up for the sync benchmarks: a sandbox and Tandem with one connected, synced mailbox. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { SandboxConfig } from '../sandbox/core/config.js';
import { sandboxFetch, type TestSandbox } from '../test/helpers/sandbox.js';
import { connectUser, startSyncEnv } from '../test/microsoft/syncHelpers.js';

const SANDBOX_CHILD = fileURLToPath(new URL('./lib/sandboxChild.ts', import.meta.url));

/**
 * Starts the sandbox in a child process (Graph is a remote service in production: its CPU must not
 * slow Tandem's event loop down). The result talks to it over HTTP only (control API, login, Graph).
 */
export async function startSandboxProcess(overrides: Partial<SandboxConfig> = {}): Promise<TestSandbox> {
  // BENCH_SANDBOX_NODE_ARGS: e.g. "--cpu-prof --cpu-prof-dir=/tmp/p" to see where the sandbox spends its time.
  const extra = (process.env.BENCH_SANDBOX_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...extra, '--import', 'tsx', SANDBOX_CHILD, JSON.stringify(overrides)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const info = await new Promise<{ urls: TestSandbox['urls']; caPem: string; caFile: string; dataDir: string }>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve(JSON.parse(out.slice(0, nl)));
    });
    child.on('exit', (code) => reject(new Error(`sandbox process exited with ${code}`)));
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return {
    ...info,
    fetch: sandboxFetch(info),
    async close() {
      child.kill('SIGTERM');
      await exited;
    },
  } as unknown as TestSandbox;
}

export async function benchEnv(messages: number, sandboxOverrides: Partial<SandboxConfig> = {}) {
  const sandbox = await startSandboxProcess({ notificationDelayMs: 0, ...sandboxOverrides });
  const { env, sync } = await startSyncEnv(sandbox, 'sqlite');
  const user = await connectUser(env, sandbox, messages);
  return { sandbox, env, sync, user, async close() { await env.close(); await sandbox.close(); } };
}

/**
 * BENCH_SMOKE=1: every benchmark at a toy size, so the test suite can prove each one still runs
 * end to end (test/bench/benchmarks.test.ts). Its figures mean nothing.
 */
export const SMOKE = process.env.BENCH_SMOKE === '1';
export const sized = (full: number, smoke: number) => (SMOKE ? smoke : full);

export const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : NaN;
};
