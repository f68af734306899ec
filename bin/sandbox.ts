// Runs the sandbox tenant on its own: `npm run sandbox`. Configured from SANDBOX_* variables;
// state (tenants, users, mail, subscriptions, CA, keys) persists under SANDBOX_DATA_DIR.
import { resolve } from 'node:path';
import { defaultSandboxConfig } from '../sandbox/core/config.js';
import { DEMO_ACCOUNTS } from '../sandbox/seed/demo.js';
import { startSandbox } from '../sandbox/server.js';

function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number, got '${raw}'`);
  return value;
}

const dataDir = resolve(process.env.SANDBOX_DATA_DIR ?? 'data/sandbox');
const app = {
  clientId: process.env.SANDBOX_APP_CLIENT_ID ?? '6f0c2a7e-3d1b-4c59-9b7a-5e2d8c4f1a30',
  clientSecret: process.env.SANDBOX_APP_CLIENT_SECRET ?? 'sandbox-demo-secret',
  displayName: process.env.SANDBOX_APP_NAME ?? 'Tandem (sandbox demo app)',
  redirectUris: (process.env.SANDBOX_APP_REDIRECT_URIS ?? 'http://localhost:3000/auth/microsoft/callback,http://localhost:3000/auth/microsoft/admin-consent/callback')
    .split(',').map((s) => s.trim()).filter(Boolean),
};

const sandbox = await startSandbox({
  ...defaultSandboxConfig(dataDir),
  host: process.env.SANDBOX_HOST ?? '127.0.0.1',
  loginPort: envInt('SANDBOX_LOGIN_PORT', 4430),
  graphPort: envInt('SANDBOX_GRAPH_PORT', 4431),
  controlPort: envInt('SANDBOX_CONTROL_PORT', 4432),
  signInPort: envInt('SANDBOX_SIGNIN_PORT', 4433),
  seedDemo: process.env.SANDBOX_SEED !== '0',
  trickleMs: envInt('SANDBOX_TRICKLE_SECONDS', 0) * 1000,
  notificationDelayMs: envInt('SANDBOX_NOTIFY_DELAY_MS', 500),
  graphLatencyMs: envInt('SANDBOX_GRAPH_LATENCY_MS', 0),
  // Behind a proxy: the origins clients reach. Without them, answers use each request's Host.
  ...(process.env.SANDBOX_PUBLIC_LOGIN_URL ? { publicLoginUrl: process.env.SANDBOX_PUBLIC_LOGIN_URL } : {}),
  ...(process.env.SANDBOX_PUBLIC_GRAPH_URL ? { publicGraphUrl: process.env.SANDBOX_PUBLIC_GRAPH_URL.replace(/\/+$/, '').replace(/\/v1\.0$/, '') } : {}),
  apps: [app],
});

const lines = [
  'Tandem sandbox tenant (a local stand-in for login.microsoftonline.com and graph.microsoft.com)',
  `  login   ${sandbox.urls.login}   (authority: ${sandbox.urls.login}/organizations)`,
  `  sign-in ${sandbox.urls.signIn}   (the browser's pages, loopback HTTP: send browsers here, e.g. ${sandbox.urls.signIn}/organizations/oauth2/v2.0/authorize)`,
  `  graph   ${sandbox.urls.graph}/v1.0`,
  `  control ${sandbox.urls.control}/control/info   (loopback only)`,
  `  CA file ${sandbox.caFile}   (trust this CA; never turn TLS verification off)`,
  `  data    ${dataDir}${sandbox.seeded ? '   (demo tenants seeded now)' : ''}`,
  '',
  'Demo app registration:',
  `  client id     ${app.clientId}`,
  `  client secret ${app.clientSecret}`,
  `  redirect URIs ${app.redirectUris.join(', ')}`,
  '',
  'Sign-in accounts:',
  ...(process.env.SANDBOX_SEED === '0' ? ['  (seeding off: create tenants and users through the control API)'] :
    DEMO_ACCOUNTS.map((a) => `  ${a.userPrincipalName.padEnd(34)} ${a.password.padEnd(16)} ${a.isAdmin ? 'tenant admin' : 'user'}`)),
];
console.log(lines.join('\n'));

let closing = false;
const stop = async (): Promise<void> => {
  if (closing) return;
  closing = true;
  await sandbox.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
