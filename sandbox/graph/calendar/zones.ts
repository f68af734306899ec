import { badRequest } from '../http/errors.js';

/**
 * Windows time zone names Outlook uses, mapped to the IANA zone CLDR lists for territory 001
 * (windowsZones.xml). Not every Windows zone, but every commonly configured one.
 */
const WINDOWS: Record<string, string> = {
  'Dateline Standard Time': 'Etc/GMT+12',
  'Hawaiian Standard Time': 'Pacific/Honolulu',
  'Alaskan Standard Time': 'America/Anchorage',
  'Pacific Standard Time': 'America/Los_Angeles',
  'Pacific Standard Time (Mexico)': 'America/Tijuana',
  'US Mountain Standard Time': 'America/Phoenix',
  'Mountain Standard Time': 'America/Denver',
  'Central America Standard Time': 'America/Guatemala',
  'Central Standard Time': 'America/Chicago',
  'Central Standard Time (Mexico)': 'America/Mexico_City',
  'Canada Central Standard Time': 'America/Regina',
  'SA Pacific Standard Time': 'America/Bogota',
  'Eastern Standard Time': 'America/New_York',
  'US Eastern Standard Time': 'America/Indianapolis',
  'Atlantic Standard Time': 'America/Halifax',
  'Venezuela Standard Time': 'America/Caracas',
  'SA Western Standard Time': 'America/La_Paz',
  'Pacific SA Standard Time': 'America/Santiago',
  'Newfoundland Standard Time': 'America/St_Johns',
  'E. South America Standard Time': 'America/Sao_Paulo',
  'Argentina Standard Time': 'America/Buenos_Aires',
  'Greenland Standard Time': 'America/Godthab',
  'UTC-02': 'Etc/GMT+2',
  'Azores Standard Time': 'Atlantic/Azores',
  'UTC': 'Etc/UTC',
  'GMT Standard Time': 'Europe/London',
  'Greenwich Standard Time': 'Atlantic/Reykjavik',
  'Morocco Standard Time': 'Africa/Casablanca',
  'W. Europe Standard Time': 'Europe/Berlin',
  'Central Europe Standard Time': 'Europe/Budapest',
  'Romance Standard Time': 'Europe/Paris',
  'Central European Standard Time': 'Europe/Warsaw',
  'W. Central Africa Standard Time': 'Africa/Lagos',
  'GTB Standard Time': 'Europe/Bucharest',
  'E. Europe Standard Time': 'Europe/Chisinau',
  'FLE Standard Time': 'Europe/Kiev',
  'Israel Standard Time': 'Asia/Jerusalem',
  'Egypt Standard Time': 'Africa/Cairo',
  'South Africa Standard Time': 'Africa/Johannesburg',
  'Turkey Standard Time': 'Europe/Istanbul',
  'Arabic Standard Time': 'Asia/Baghdad',
  'Arab Standard Time': 'Asia/Riyadh',
  'Russian Standard Time': 'Europe/Moscow',
  'E. Africa Standard Time': 'Africa/Nairobi',
  'Iran Standard Time': 'Asia/Tehran',
  'Arabian Standard Time': 'Asia/Dubai',
  'Afghanistan Standard Time': 'Asia/Kabul',
  'Pakistan Standard Time': 'Asia/Karachi',
  'West Asia Standard Time': 'Asia/Tashkent',
  'India Standard Time': 'Asia/Calcutta',
  'Sri Lanka Standard Time': 'Asia/Colombo',
  'Nepal Standard Time': 'Asia/Katmandu',
  'Central Asia Standard Time': 'Asia/Almaty',
  'Bangladesh Standard Time': 'Asia/Dhaka',
  'Myanmar Standard Time': 'Asia/Rangoon',
  'SE Asia Standard Time': 'Asia/Bangkok',
  'China Standard Time': 'Asia/Shanghai',
  'Singapore Standard Time': 'Asia/Singapore',
  'Taipei Standard Time': 'Asia/Taipei',
  'W. Australia Standard Time': 'Australia/Perth',
  'Korea Standard Time': 'Asia/Seoul',
  'Tokyo Standard Time': 'Asia/Tokyo',
  'Cen. Australia Standard Time': 'Australia/Adelaide',
  'AUS Central Standard Time': 'Australia/Darwin',
  'E. Australia Standard Time': 'Australia/Brisbane',
  'AUS Eastern Standard Time': 'Australia/Sydney',
  'Tasmania Standard Time': 'Australia/Hobart',
  'West Pacific Standard Time': 'Pacific/Port_Moresby',
  'New Zealand Standard Time': 'Pacific/Auckland',
  'Tonga Standard Time': 'Pacific/Tongatapu',
};
const WINDOWS_LOWER = new Map(Object.entries(WINDOWS).map(([k, v]) => [k.toLowerCase(), v]));

const formatters = new Map<string, Intl.DateTimeFormat>();

/** A zone Intl knows, from a Windows or IANA name; undefined for anything else. */
export function ianaOf(name: string): string | undefined {
  const trimmed = name.trim();
  if (!trimmed) return undefined;
  const windows = WINDOWS_LOWER.get(trimmed.toLowerCase());
  if (windows) return windows;
  if (formatters.has(trimmed)) return trimmed;
  try {
    formatters.set(trimmed, new Intl.DateTimeFormat('en-US', {
      timeZone: trimmed, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    }));
    return trimmed;
  } catch {
    return undefined;
  }
}

/** Graph's answer to a zone it does not know. */
export function zoneOr400(name: unknown): string {
  const zone = typeof name === 'string' ? ianaOf(name) : undefined;
  if (!zone) throw badRequest(`A valid TimeZone value must be specified. The following TimeZone value is not supported: '${String(name)}'.`, 'TimeZoneNotSupportedException');
  return zone;
}

function formatter(zone: string): Intl.DateTimeFormat {
  if (!formatters.has(zone)) ianaOf(zone);
  return formatters.get(zone)!;
}

/** The zone's offset from UTC at an instant, in ms (positive east of Greenwich). */
export function offsetAt(zone: string, utcMs: number): number {
  if (zone === 'Etc/UTC' || zone === 'UTC') return 0;
  const p: Record<string, number> = {};
  for (const part of formatter(zone).formatToParts(new Date(utcMs))) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const asUtc = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour! % 24, p.minute!, p.second!);
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

/**
 * The instant a local wall time names in a zone. A wall time skipped by a spring-forward gap
 * moves forward by the gap, as Outlook does; an ambiguous one takes the first (daylight) instant.
 */
export function localToUtc(zone: string, localMs: number): number {
  let guess = localMs - offsetAt(zone, localMs);
  const second = localMs - offsetAt(zone, guess);
  if (second !== guess) {
    const third = localMs - offsetAt(zone, second);
    guess = third === second ? second : Math.max(guess, second);
  }
  // Prefer the earlier instant when both offsets fit (fall-back overlap).
  const earlier = guess - 3_600_000;
  if (earlier + offsetAt(zone, earlier) === localMs) return earlier;
  return guess;
}

/** The wall time (as a UTC-based ms value) an instant shows in a zone. */
export const utcToLocal = (zone: string, utcMs: number): number => utcMs + offsetAt(zone, utcMs);
