import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export class ConfigError extends Error {}

export type ProcessRole = 'web' | 'worker' | 'all';

export interface MicrosoftConfig {
  clientId: string | undefined;
  clientSecret: string | undefined;
  tenant: string;
  loginUrl: string;
  graphUrl: string;
  /** Extra CA to trust for the identity platform and Graph; set only when pointed at the sandbox. */
  caFile: string | undefined;
  /**
   * Where the browser is sent to sign in, when not at loginUrl. Only the sandbox launcher sets it (its
   * pages on loopback HTTP); never read from the environment, so Microsoft's sign-in is always HTTPS.
   */
  browserLoginUrl?: string;
}

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string;
  dbKind: 'sqlite' | 'postgres';
  publicUrl: string;
  secretKey: Buffer;
  role: ProcessRole;
  logLevel: string;
  ms: MicrosoftConfig;
  sweepIntervalMs: number;
  /** Delta polling interval when PUBLIC_URL cannot receive Graph's webhooks. */
  pollIntervalMs: number;
  /** A sync run that has made no progress for this long is considered stuck and restarted. */
  staleSyncMs: number;
  bodyCache: { maxEntries: number; maxBytes: number; ttlMs: number };
  /** Days of Outlook calendar synced before and after today (a rolling window). */
  calendarWindow: { pastDays: number; futureDays: number };
  /** Booking requests (book, reschedule, cancel) a public booking page takes per minute, per address and per page. */
  bookingLimits: { perIpPerMinute: number; perPagePerMinute: number };
  /** Uploads to OneDrive through Tandem (files on records). */
  files: { maxUploadBytes: number };
}

type Env = Record<string, string | undefined>;

/** An integer variable within [min, max]; anything else is a ConfigError naming the variable. */
export function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return n;
}

function url(env: Env, name: string, fallback: string, protocols: string[]): string {
  const raw = env[name] || fallback;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name} must be an absolute URL (${protocols.join(' or ')}), got "${raw}"`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(`${name} must use ${protocols.join(' or ')}, got "${raw}"`);
  }
  return raw.replace(/\/+$/, '');
}

function parseKey(raw: string, source: string): Buffer {
  const trimmed = raw.trim();
  const key = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) {
    throw new ConfigError(`${source} must be 32 bytes, as 64 hex characters or base64 (try: openssl rand -hex 32)`);
  }
  return key;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function logLevel(raw: string | undefined): string {
  const level = raw || 'info';
  if (!LOG_LEVELS.includes(level)) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${raw}"`);
  return level;
}

/**
 * Reads and validates the whole configuration once, at start. A bad value stops the process
 * with a message naming the variable, so a typo never surfaces later as a runtime fault.
 */
export function loadConfig(env: Env = process.env): Config {
  const dataDir = resolve(env.TANDEM_DATA_DIR || 'data');
  const databaseUrl = env.DATABASE_URL || `sqlite:${join(dataDir, 'tandem.sqlite')}`;
  let dbKind: Config['dbKind'];
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) dbKind = 'postgres';
  else if (databaseUrl.startsWith('sqlite:')) dbKind = 'sqlite';
  else throw new ConfigError(`DATABASE_URL must be sqlite:<path> or postgres://…, got "${databaseUrl}"`);

  const port = int(env, 'PORT', 3000, 0, 65535);
  const host = env.HOST || '0.0.0.0';
  const publicUrl = url(env, 'PUBLIC_URL', `http://localhost:${port}`, ['http:', 'https:']);

  let secretKey: Buffer;
  if (env.TANDEM_SECRET_KEY) {
    secretKey = parseKey(env.TANDEM_SECRET_KEY, 'TANDEM_SECRET_KEY');
  } else if (dbKind === 'postgres') {
    throw new ConfigError('TANDEM_SECRET_KEY is required with PostgreSQL (every process must share it): 64 hex characters');
  } else {
    const file = join(dataDir, 'secret.key');
    if (!existsSync(file)) {
      mkdirSync(dataDir, { recursive: true });
      writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
    }
    secretKey = parseKey(readFileSync(file, 'utf8'), file);
  }

  const role = (env.TANDEM_ROLE || 'all') as ProcessRole;
  if (!['web', 'worker', 'all'].includes(role)) {
    throw new ConfigError(`TANDEM_ROLE must be web, worker or all, got "${env.TANDEM_ROLE}"`);
  }

  const clientId = env.MS_CLIENT_ID || undefined;
  if (clientId && !env.MS_CLIENT_SECRET) {
    throw new ConfigError('MS_CLIENT_SECRET is required when MS_CLIENT_ID is set');
  }
  const tenant = env.MS_TENANT || 'common';
  if (!/^[A-Za-z0-9.-]+$/.test(tenant)) {
    throw new ConfigError(`MS_TENANT must be common, organizations, a tenant id or a domain, got "${tenant}"`);
  }
  const caFile = env.MS_CA_FILE || undefined;
  if (caFile && !existsSync(caFile)) throw new ConfigError(`MS_CA_FILE points to a missing file: ${caFile}`);

  return {
    port,
    host,
    dataDir,
    databaseUrl,
    dbKind,
    publicUrl,
    secretKey,
    role,
    logLevel: logLevel(env.LOG_LEVEL),
    ms: {
      clientId,
      clientSecret: env.MS_CLIENT_SECRET || undefined,
      tenant,
      loginUrl: url(env, 'MS_LOGIN_URL', 'https://login.microsoftonline.com', ['https:']),
      graphUrl: url(env, 'MS_GRAPH_URL', 'https://graph.microsoft.com', ['https:']),
      caFile,
    },
    sweepIntervalMs: int(env, 'SYNC_SWEEP_MINUTES', 15, 1, 24 * 60) * 60_000,
    pollIntervalMs: int(env, 'SYNC_POLL_SECONDS', 30, 5, 3600) * 1000,
    staleSyncMs: int(env, 'SYNC_STALE_MINUTES', 5, 1, 24 * 60) * 60_000,
    bodyCache: {
      maxEntries: int(env, 'BODY_CACHE_ENTRIES', 500, 0, 1_000_000),
      maxBytes: int(env, 'BODY_CACHE_MB', 64, 0, 16_384) * 1024 * 1024,
      ttlMs: int(env, 'BODY_CACHE_TTL_SECONDS', 600, 1, 86_400) * 1000,
    },
    bookingLimits: {
      perIpPerMinute: int(env, 'BOOKING_LIMIT_PER_IP', 10, 1, 100_000),
      perPagePerMinute: int(env, 'BOOKING_LIMIT_PER_PAGE', 120, 1, 100_000),
    },
    // 250 MB by default: what Graph's simple upload takes, and well past what people attach to a
    // CRM record; upload sessions stream, so a larger limit costs no memory. Graph's own cap is 250 GB.
    files: { maxUploadBytes: int(env, 'FILES_MAX_UPLOAD_MB', 250, 1, 256_000) * 1024 * 1024 },
    calendarWindow: {
      pastDays: int(env, 'CALENDAR_WINDOW_PAST_DAYS', 90, 0, 3650),
      futureDays: int(env, 'CALENDAR_WINDOW_FUTURE_DAYS', 365, 1, 3650),
    },
  };
}
