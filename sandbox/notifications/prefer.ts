/**
 * Whether a request's `Prefer` headers (repeated or comma-joined) ask for immutable ids. On
 * POST /subscriptions this decides the id format of every notification the subscription sends.
 */
export function prefersImmutableIds(header: string | string[] | undefined): boolean {
  const parts = (Array.isArray(header) ? header : header ? [header] : []).flatMap((h) => h.split(','));
  return parts.some((part) => {
    const [name = '', value = ''] = part.split('=').map((s) => s.trim());
    return name.toLowerCase() === 'idtype' && value.replace(/^"|"$/g, '').toLowerCase() === 'immutableid';
  });
}
