/**
 * A Graph DateTimeOffset (receivedDateTime, expirationDateTime) as ISO-8601 UTC, or null when it is
 * absent or unreadable. Graph writes UTC with a Z and up to seven fractional digits; a compatible
 * server may write an offset, or no zone at all, which for these properties still means UTC. One
 * unreadable date must not fail the page or the call it arrived in.
 */
export function graphInstant(raw: unknown): string | null {
  if (typeof raw !== 'string' || raw.trim() === '') return null;
  const v = raw.trim();
  const zoned = /T.*(Z|[+-]\d{2}:?\d{2})$/i.test(v) || !v.includes('T') ? v : `${v}Z`;
  const at = Date.parse(zoned);
  return Number.isNaN(at) ? null : new Date(at).toISOString();
}
