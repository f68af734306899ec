import type { FastifyRequest } from 'fastify';

export interface Preferences {
  immutableIds: boolean;
  maxPageSize?: number;
  /** `outlook.timezone="…"`: the zone event times are answered in (calendar). */
  outlookTimeZone?: string;
}

/** Parses every `Prefer` header (they may repeat or be comma-joined) into the preferences Graph honours. */
export function preferences(req: FastifyRequest): Preferences {
  const raw = req.headers.prefer;
  const parts = (Array.isArray(raw) ? raw : raw ? [raw] : []).flatMap((h) => h.split(','));
  const prefs: Preferences = { immutableIds: false };
  for (const part of parts) {
    const [name = '', value = ''] = part.split('=').map((s) => s.trim());
    const unquoted = value.replace(/^"|"$/g, '');
    if (name.toLowerCase() === 'idtype' && unquoted.toLowerCase() === 'immutableid') prefs.immutableIds = true;
    if (name.toLowerCase() === 'outlook.timezone' && unquoted) prefs.outlookTimeZone = unquoted;
    if (name.toLowerCase() === 'odata.maxpagesize') {
      const n = Number.parseInt(unquoted, 10);
      if (Number.isFinite(n) && n > 0) prefs.maxPageSize = n;
    }
  }
  return prefs;
}

/** Adds one applied preference to the response's `Preference-Applied` header. */
export function applyPreference(reply: { getHeader(n: string): unknown; header(n: string, v: string): unknown }, value: string): void {
  const existing = reply.getHeader('preference-applied');
  const list = typeof existing === 'string' && existing ? existing.split(', ') : [];
  if (!list.includes(value)) list.push(value);
  reply.header('Preference-Applied', list.join(', '));
}
