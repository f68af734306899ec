import { isIP } from 'node:net';
import { GraphRefusal } from './errors.js';

export const CHANGE_TYPES = ['created', 'updated', 'deleted'] as const;
export type ChangeType = (typeof CHANGE_TYPES)[number];
const TLS_VERSIONS = ['v1_0', 'v1_1', 'v1_2', 'v1_3'];
const MIN_LIFETIME_MS = 45 * 60_000;

const bad = (message: string): GraphRefusal => new GraphRefusal(400, 'InvalidRequest', message);

/** `created,updated` into its parts; unknown or repeated values are refused as Graph does. */
export function parseChangeType(raw: unknown): ChangeType[] {
  if (typeof raw !== 'string' || !raw.trim()) throw bad("The 'changeType' property is required.");
  const parts = raw.split(',').map((p) => p.trim());
  for (const p of parts) {
    if (!(CHANGE_TYPES as readonly string[]).includes(p)) throw bad(`'${p}' is not a valid changeType value.`);
  }
  if (new Set(parts).size !== parts.length) throw bad(`Duplicate changeType values in '${raw}'.`);
  return parts as ChangeType[];
}

/** A developer laptop has no public https endpoint, so loopback may use plain http. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1' || host === '0:0:0:0:0:0:0:1';
  return false;
}

/** Checks a notificationUrl / lifecycleNotificationUrl; `field` names it in the message. */
export function checkNotificationUrl(raw: unknown, field: 'NotificationUrl' | 'LifecycleNotificationUrl'): string {
  if (typeof raw !== 'string' || !raw) throw bad(`The '${field[0]!.toLowerCase()}${field.slice(1)}' property is required.`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw bad(`Invalid ${field === 'NotificationUrl' ? 'notification' : 'lifecycle notification'} url='${raw}'.`);
  }
  const scheme = url.protocol.replace(/:$/, '');
  if (scheme === 'https') return raw;
  if (scheme === 'http' && isLoopbackHost(url.hostname)) return raw;
  throw bad(`${field} scheme='${scheme}' is not supported.`);
}

/** Parses Graph's UTC timestamp; a value without an offset is UTC, as Graph reads it. */
export function parseExpiration(raw: unknown): number {
  if (typeof raw !== 'string' || !raw) throw bad("The 'expirationDateTime' property is required.");
  const withZone = /([zZ]|[+-]\d\d:?\d\d)$/.test(raw) ? raw : `${raw}Z`;
  const at = Date.parse(withZone);
  if (Number.isNaN(at)) throw bad(`Cannot convert '${raw}' to a DateTimeOffset.`);
  return at;
}

/**
 * Applies Graph's lifetime rules: in the past is refused, beyond the resource's maximum is
 * refused, and anything under 45 minutes is raised to 45 minutes.
 */
export function effectiveExpiration(requested: number, now: number, maxMinutes: number): number {
  if (requested <= now) {
    throw new GraphRefusal(400, 'ExtensionError', 'Subscription expiration can only be in the future.');
  }
  if (requested > now + maxMinutes * 60_000) {
    throw new GraphRefusal(400, 'ExtensionError', `Subscription expiration can only be ${maxMinutes} minutes in the future.`);
  }
  return Math.max(requested, now + MIN_LIFETIME_MS);
}

export function checkClientState(raw: unknown): string | null {
  if (raw === undefined || raw === null) return null;
  if (typeof raw !== 'string') throw bad("The 'clientState' property must be a string.");
  if (raw.length > 128) throw bad('clientState must be at most 128 characters long.');
  return raw;
}

export function checkTlsVersion(raw: unknown): string {
  if (raw === undefined || raw === null) return 'v1_2';
  if (typeof raw !== 'string' || !TLS_VERSIONS.includes(raw)) {
    throw bad(`Invalid latestSupportedTlsVersion '${String(raw)}'. Valid values are: ${TLS_VERSIONS.join(', ')}.`);
  }
  return raw;
}

/** Graph's wire format for timestamps: seven fractional digits, UTC. */
export const graphDateTime = (ms: number): string => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');
