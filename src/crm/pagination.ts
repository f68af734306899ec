import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { invalid } from './errors.js';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface PageRequest {
  limit?: number;
  cursor?: string;
}

interface CursorPosition {
  key: string;
  id: string;
}

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;

/** Opaque to clients: base64url of the last row's (sort key, id), so the order is stable under inserts. */
export function encodeCursor(key: string, id: string): string {
  return Buffer.from(JSON.stringify([key, id]), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): CursorPosition {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[0] === 'string' && typeof parsed[1] === 'string' && !`${parsed[0]}${parsed[1]}`.includes('\u0000')) {
      return { key: parsed[0], id: parsed[1] };
    }
  } catch {
    // fall through to the validation error
  }
  throw invalid('cursor', 'is not a cursor this API returned; pass nextCursor from the previous page unchanged');
}

export function pageLimit(request: PageRequest): number {
  const limit = request.limit ?? DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw invalid('limit', `must be an integer from 1 to ${MAX_LIMIT}`);
  return limit;
}

/** Keyset condition: rows strictly after the cursor in (column, id) order. */
export function afterCursor(column: string, idColumn: string, direction: 'asc' | 'desc', cursor: string): RawBuilder<SqlBool> {
  const { key, id } = decodeCursor(cursor);
  const op = sql.raw(direction === 'asc' ? '>' : '<');
  return sql<SqlBool>`(${sql.ref(column)} ${op} ${key} or (${sql.ref(column)} = ${key} and ${sql.ref(idColumn)} ${op} ${id}))`;
}

/** Rows were fetched with limit + 1: the extra one only tells whether another page exists. */
export function toPage<R extends { id: string }, T>(rows: R[], limit: number, keyOf: (row: R) => string, map: (rows: R[]) => T[]): Page<T> {
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  const last = kept[kept.length - 1];
  return { items: map(kept), nextCursor: more && last ? encodeCursor(keyOf(last), last.id) : null };
}

/** LIKE pattern for a case-insensitive substring match on a lowercased column (escape char: backslash). */
export function containsPattern(q: string): string {
  return `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
