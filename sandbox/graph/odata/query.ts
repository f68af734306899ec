import { GraphError, badRequest } from '../http/errors.js';

export function parseTop(raw: string | undefined, fallback: number, max: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw badRequest(`Invalid value '${raw}' for $top.`, 'ErrorInvalidUrlQuery');
  return Math.min(n, max);
}

export function parseSkip(raw: string | undefined): number {
  if (raw === undefined) return 0;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw badRequest(`Invalid value '${raw}' for $skip.`, 'ErrorInvalidUrlQuery');
  return n;
}

const ORDERABLE: Record<string, string> = {
  receiveddatetime: 'received',
  sentdatetime: 'sent',
  lastmodifieddatetime: 'modified',
  createddatetime: 'created',
  subject: 'subject',
};

/** `$orderby` for messages; Outlook's default is newest received first. */
export function parseOrderBy(raw: string | undefined): string {
  if (!raw) return 'received DESC, pk DESC';
  const [field = '', dir = 'asc'] = raw.trim().split(/\s+/);
  const col = ORDERABLE[field.toLowerCase()];
  if (!col || !/^(asc|desc)$/i.test(dir)) throw badRequest(`The $orderby '${raw}' is not supported.`, 'ErrorInvalidUrlQuery');
  const d = dir.toUpperCase();
  return `${col} ${d}, pk ${d}`;
}

const OPS: Record<string, string> = { eq: '=', ne: '<>', gt: '>', ge: '>=', lt: '<', le: '<=' };
const BOOL_FIELDS: Record<string, string> = { isread: 'is_read', isdraft: 'is_draft' };
const DATE_FIELDS: Record<string, string> = { receiveddatetime: 'received', sentdatetime: 'sent', lastmodifieddatetime: 'modified', createddatetime: 'created' };
const STRING_FIELDS: Record<string, string> = {
  importance: 'importance', 'flag/flagstatus': 'flag_status', 'from/emailaddress/address': 'from_addr',
  conversationid: 'conversation_id', subject: 'subject', inferenceclassification: 'inference',
};

/** A small `$filter` subset: comparisons on booleans, dates and strings joined by `and`. */
export function parseFilter(raw: string | undefined): { sql: string; params: unknown[] } {
  if (!raw) return { sql: '', params: [] };
  const parts: string[] = [];
  const params: unknown[] = [];
  for (const clause of raw.split(/\s+and\s+/i)) {
    const m = /^\s*([\w/]+)\s+(eq|ne|gt|ge|lt|le)\s+(.+?)\s*$/i.exec(clause);
    if (!m) throw invalidFilter(raw);
    const [, fieldRaw = '', opRaw = '', valueRaw = ''] = m;
    const field = fieldRaw.toLowerCase();
    const op = OPS[opRaw.toLowerCase()]!;
    if (BOOL_FIELDS[field] && /^(true|false)$/i.test(valueRaw)) {
      parts.push(`${BOOL_FIELDS[field]} ${op} ?`);
      params.push(valueRaw.toLowerCase() === 'true' ? 1 : 0);
    } else if (DATE_FIELDS[field]) {
      const when = new Date(valueRaw.replace(/^'|'$/g, ''));
      if (Number.isNaN(when.getTime())) throw invalidFilter(raw);
      parts.push(`${DATE_FIELDS[field]} ${op} ?`);
      params.push(when.toISOString());
    } else if (STRING_FIELDS[field] && /^'.*'$/.test(valueRaw)) {
      parts.push(`${STRING_FIELDS[field]} ${op} ? COLLATE NOCASE`);
      params.push(valueRaw.slice(1, -1).replace(/''/g, "'"));
    } else {
      throw invalidFilter(raw);
    }
  }
  return { sql: parts.join(' AND '), params };
}

const invalidFilter = (raw: string) =>
  new GraphError(400, 'ErrorInvalidUrlQueryFilter', `The query filter '${raw}' is not supported.`);
