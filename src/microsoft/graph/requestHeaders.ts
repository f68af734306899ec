/** Always asked for so that message, event and contact ids survive moves between folders. */
export const IMMUTABLE_ID_PREFERENCE = 'IdType="ImmutableId"';

/**
 * Merges the caller's Prefer values (e.g. odata.maxpagesize=50) with the immutable-id preference.
 * A caller's own IdType is replaced: every Tandem request must use immutable ids.
 */
export function mergePrefer(callerPrefer: string | undefined): string {
  const values = (callerPrefer ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '' && !/^idtype\s*=/i.test(v));
  return [IMMUTABLE_ID_PREFERENCE, ...values].join(', ');
}

/** Caller headers with names lower-cased, so "Prefer" and "prefer" cannot both be sent. */
export function lowerCaseHeaders(headers: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) out[k.toLowerCase()] = v;
  return out;
}
