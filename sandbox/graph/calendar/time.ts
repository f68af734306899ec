import { badRequest } from '../http/errors.js';
import { ianaOf, localToUtc, utcToLocal, zoneOr400 } from './zones.js';

/** A time as Graph's dateTimeTimeZone carries it: wall time plus the zone it is in. */
export interface ZonedTime {
  dateTime: string;
  timeZone: string;
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?)?(Z|[+-]\d{2}:\d{2})?$/;

/** Parses a wall time ("2026-12-03T09:00:00.0000000") into a UTC-based ms value; an offset, if any, is applied. */
export function parseWallTime(raw: string, field: string): { ms: number; absolute: boolean } {
  const m = LOCAL.exec(raw.trim());
  if (!m) throw badRequest(`Cannot convert the literal '${raw}' to the expected type 'Edm.DateTime' (${field}).`, 'InvalidRequest');
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '0', zone] = m;
  let ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), Math.floor(Number(`0.${frac}`) * 1000));
  if (Number.isNaN(ms)) throw badRequest(`Invalid date '${raw}' (${field}).`, 'InvalidRequest');
  if (zone && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    ms -= sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * 60_000;
  }
  return { ms, absolute: !!zone };
}

/** A dateTimeTimeZone from a request body, as a UTC instant plus the zone name the client gave. */
export function parseZoned(value: unknown, field: string): { utc: number; zoneName: string } {
  const v = value as Partial<ZonedTime> | null | undefined;
  if (!v || typeof v !== 'object' || typeof v.dateTime !== 'string') throw badRequest(`'${field}' must be a dateTimeTimeZone.`, 'ErrorInvalidRequest');
  const zoneName = typeof v.timeZone === 'string' && v.timeZone ? v.timeZone : 'UTC';
  const zone = zoneOr400(zoneName);
  const wall = parseWallTime(v.dateTime, field);
  return { utc: wall.absolute ? wall.ms : localToUtc(zone, wall.ms), zoneName };
}

/** A query-string instant (startDateTime=2026-12-01T00:00:00Z); no offset means UTC, as Graph reads it. */
export function parseInstant(raw: string | undefined, name: string): number {
  if (!raw) throw badRequest(`This request requires a time window specified by the query string parameters StartDateTime and EndDateTime (missing ${name}).`, 'ErrorInvalidParameter');
  return parseWallTime(raw, name).ms;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Graph's wall-time format: seven fractional digits, no zone designator. */
export function formatWall(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}0000`;
}

/** The zone answers are given in: `Prefer: outlook.timezone` when it names a known zone, else UTC. */
export interface OutputZone { name: string; iana: string }
export const UTC_ZONE: OutputZone = { name: 'UTC', iana: 'Etc/UTC' };
export function outputZone(preferred: string | undefined): OutputZone {
  const iana = preferred ? ianaOf(preferred) : undefined;
  return iana && preferred ? { name: preferred, iana } : UTC_ZONE;
}

export function zoned(utc: number, out: OutputZone): ZonedTime {
  return { dateTime: formatWall(out === UTC_ZONE ? utc : utcToLocal(out.iana, utc)), timeZone: out.name };
}

/** Second-precision ISO with Z, as Graph writes createdDateTime and friends. */
export const isoSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
