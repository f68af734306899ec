// Starts the sandbox tenant in-process for `npm start` when no Azure app is configured, and
// returns the MS_* settings that point Tandem at it. Lives in bin/ because src/ never imports
// the sandbox: the CRM only ever sees base URLs, a client id and a CA file.
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { defaultSandboxConfig } from '../sandbox/core/config.js';
import { startSandbox, type RunningSandbox } from '../sandbox/server.js';
import { int, type MicrosoftConfig } from '../src/config/env.js';

interface AppRegistration {
  clientId: string;
  clientSecret: string;
}

function loadOrCreateApp(dataDir: string): AppRegistration {
  const file = join(dataDir, 'sandbox-app.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as AppRegistration;
  mkdirSync(dataDir, { recursive: true });
  const app = { clientId: randomUUID(), clientSecret: randomBytes(24).toString('base64url') };
  writeFileSync(file, JSON.stringify(app), { mode: 0o600 });
  return app;
}

const envInt = (name: string, fallback: number, min: number, max: number): number => int(process.env, name, fallback, min, max);

export async function startSandboxForTandem(dataDir: string, publicUrl: string): Promise<{ sandbox: RunningSandbox; ms: MicrosoftConfig }> {
  const app = loadOrCreateApp(dataDir);
  const sandboxDir = join(dataDir, 'sandbox');
  const sandbox = await startSandbox({
    ...defaultSandboxConfig(sandboxDir),
    loginPort: envInt('SANDBOX_LOGIN_PORT', 4430, 0, 65535),
    graphPort: envInt('SANDBOX_GRAPH_PORT', 4431, 0, 65535),
    controlPort: envInt('SANDBOX_CONTROL_PORT', 4432, 0, 65535),
    signInPort: envInt('SANDBOX_SIGNIN_PORT', 4433, 0, 65535),
    seedDemo: envInt('SANDBOX_SEED', 1, 0, 1) === 1,
    graphLatencyMs: envInt('SANDBOX_GRAPH_LATENCY_MS', 0, 0, 60_000),
    trickleMs: envInt('SANDBOX_TRICKLE_SECONDS', 0, 0, 86_400) * 1000,
    notificationDelayMs: envInt('SANDBOX_NOTIFY_DELAY_MS', 500, 0, 600_000),
    apps: [
      {
        clientId: app.clientId,
        clientSecret: app.clientSecret,
        displayName: 'Tandem (local)',
        redirectUris: [`${publicUrl}/auth/microsoft/callback`, `${publicUrl}/auth/microsoft/admin-consent/callback`],
      },
    ],
  });
  return {
    sandbox,
    ms: {
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      tenant: 'common',
      loginUrl: sandbox.urls.login,
      graphUrl: sandbox.urls.graph,
      caFile: sandbox.caFile,
      // The browser signs in on the sandbox's loopback HTTP pages: no warning about its private CA.
      browserLoginUrl: sandbox.urls.signIn,
    },
  };
}
