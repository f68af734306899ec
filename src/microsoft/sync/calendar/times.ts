import type { DateTimeTimeZone } from '@microsoft/microsoft-graph-types';
import { ianaZone } from './zones.js';

const parts = (at: number, zone: string) => {
  const f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  const p = Object.fromEntries(f.formatToParts(new Date(at)).map((x) => [x.type, x.value]));
  return { y: +p.year!, mo: +p.month!, d: +p.day!, h: +p.hour!, mi: +p.minute!, s: +p.second! };
};

/** The zone's offset from UTC at an instant, in ms (Berlin in summer: +7,200,000). */
function offsetAt(at: number, zone: string): number {
  const p = parts(at, zone);
  return Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s) - Math.floor(at / 1000) * 1000;
}

/** A wall-clock time in a zone as a UTC instant; the second guess settles days when the offset changes (DST). */
export function wallToUtc(wall: string, zone: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?/.exec(wall);
  if (!m) return NaN;
  const guess = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +(m[6] ?? 0));
  const first = guess - offsetAt(guess, zone);
  return guess - offsetAt(first, zone);
}

/** 'YYYY-MM-DDTHH:mm:ss' as the clock in `zone` reads at this instant (what Graph's dateTimeTimeZone wants). */
export function utcToWall(iso: string, zone: string): string {
  const p = parts(Date.parse(iso), zone);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${p.y}-${two(p.mo)}-${two(p.d)}T${two(p.h)}:${two(p.mi)}:${two(p.s)}`;
}

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
