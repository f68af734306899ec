/** Wall-clock times in IANA zones, with the platform's Intl data (no time-zone library). */

// Building a formatter costs far more than using one; slot pages convert thousands of times.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(zone, f);
  }
  return f;
}

export const zonedParts = (at: number, zone: string) => {
  const f = formatter(zone);
  const p = Object.fromEntries(f.formatToParts(new Date(at)).map((x) => [x.type, x.value]));
  return { y: +p.year!, mo: +p.month!, d: +p.day!, h: +p.hour!, mi: +p.minute!, s: +p.second! };
};

/** The zone's offset from UTC at an instant, in ms (Berlin in summer: +7,200,000). */
export function offsetAt(at: number, zone: string): number {
  const p = zonedParts(at, zone);
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
  const p = zonedParts(Date.parse(iso), zone);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${p.y}-${two(p.mo)}-${two(p.d)}T${two(p.h)}:${two(p.mi)}:${two(p.s)}`;
}
