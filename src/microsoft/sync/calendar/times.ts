import type { DateTimeTimeZone } from '@microsoft/microsoft-graph-types';
import { utcToWall, wallToUtc } from '../../../lib/zonedTime.js';
import { ianaZone } from './zones.js';

export { utcToWall, wallToUtc };

/**
 * A Graph dateTimeTimeZone as ISO UTC with Z. Tandem asks for UTC (Prefer: outlook.timezone), and
 * Graph then writes a zone-less '2026-12-03T09:00:00.0000000' meaning UTC; a server that ignores
 * the preference names its zone, which is honoured. Null when unreadable.
 */
export function graphTime(value: DateTimeTimeZone | null | undefined): string | null {
  const raw = value?.dateTime?.trim();
  if (!raw) return null;
  const zone = value?.timeZone?.trim();
  if (/(Z|[+-]\d{2}:?\d{2})$/i.test(raw)) {
    const at = Date.parse(raw);
    return Number.isNaN(at) ? null : new Date(at).toISOString();
  }
  const iana = zone && !/^(utc|etc\/utc|gmt|z)$/i.test(zone) ? ianaZone(zone) : null;
  const at = iana ? wallToUtc(raw, iana) : Date.parse(`${raw.replace(/(\.\d{3})\d+$/, '$1')}Z`);
  return Number.isNaN(at) ? null : new Date(at).toISOString();
}
