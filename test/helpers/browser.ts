/**
 * Browser tests: Debian's Chromium driven by playwright-core, and a web build that is current.
 * The build runs at most once per test process, and a lock directory keeps two test processes
 * (the runner works files in parallel) from writing web/dist at the same time.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { connect } from 'node:tls';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const ROOT = resolve(import.meta.dirname, '..', '..');
const WEB = join(ROOT, 'web');
/** The built web app; pass it to startTestServer as webRoot. */
export const WEB_DIST = join(WEB, 'dist');
const BUILT = join(WEB_DIST, 'index.html');
const LOCK = join(tmpdir(), 'tandem-web-build.lock');
const LOCK_STALE_MS = 5 * 60_000;

/**
 * Debian's Chromium, headless. With `trust`, it also accepts the sandbox tenant's certificate by
 * pinning that server's public key: nothing turns certificate checking off.
 */
export async function launchBrowser(trust?: { url: string; caPem: string }): Promise<Browser> {
  const args = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
  if (trust) args.push(`--ignore-certificate-errors-spki-list=${await spkiPin(trust.url, trust.caPem)}`);
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args });
}

/** SHA-256 of a TLS server's public key, as Chromium's SPKI pin list wants it. */
async function spkiPin(url: string, ca: string): Promise<string> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: u.hostname, port: Number(u.port), ca, servername: u.hostname === '127.0.0.1' ? undefined : u.hostname }, () => {
      const cert = socket.getPeerX509Certificate();
      socket.end();
      if (!cert) return reject(new Error('no peer certificate'));
      resolve(createHash('sha256').update(cert.publicKey.export({ type: 'spki', format: 'der' })).digest('base64'));
    });
    socket.on('error', reject);
  });
}

/**
 * A fresh context and page on the app, with every uncaught page error collected into `errors` so a
 * test can assert the app threw nothing. Close the context when done.
 */
export async function openAppPage(browser: Browser, baseURL: string, errors: string[], timeoutMs = 15_000): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(timeoutMs);
  const page = await context.newPage();
  page.on('pageerror', (err) => errors.push(err.message));
  return { context, page };
}

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newestMtime(join(path, name))), stat.mtimeMs);
}

/** True when web/dist is missing or older than any source it is built from. */
export function webBuildIsStale(): boolean {
  if (!existsSync(BUILT)) return true;
  const sources = [join(WEB, 'src'), join(WEB, 'index.html'), join(WEB, 'vite.config.ts'), join(ROOT, 'package-lock.json')];
  const newestSource = Math.max(...sources.filter(existsSync).map(newestMtime));
  return newestSource > statSync(BUILT).mtimeMs;
}

async function withBuildLock<T>(work: () => T): Promise<T> {
  const deadline = Date.now() + 3 * 60_000;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      try {
        if (Date.now() - statSync(LOCK).mtimeMs > LOCK_STALE_MS) rmSync(LOCK, { recursive: true, force: true });
      } catch {
        // the holder just released it
      }
      if (Date.now() > deadline) throw new Error(`web build lock ${LOCK} held for too long`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    return work();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

let built: Promise<void> | null = null;

/** Builds web/dist with Vite when it is missing or stale; once per process. */
export function ensureWebBuilt(): Promise<void> {
  built ??= withBuildLock(() => {
    // Another process may have built while this one waited for the lock.
    if (!webBuildIsStale()) return;
    execFileSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', join(WEB, 'vite.config.ts'), '--logLevel', 'warn'], {
      cwd: ROOT,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
  });
  return built;
}

/** Signs a new user up through the web app and waits until the app shows them signed in. */
export async function signUpThroughUi(page: Page, name: string, email: string, password = 'correct horse battery'): Promise<void> {
  await page.goto('/signup');
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}
