import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/database.js';
import { nowIso } from './errors.js';

export const SESSION_TTL_MS = 30 * 24 * 3600 * 1000;
/** Sliding expiry is extended at most this often, so reads do not write on every request. */
const REFRESH_AFTER_MS = 24 * 3600 * 1000;

export interface SessionRecord {
  /** Hash of the cookie value: the database never holds a usable session id. */
  id: string;
  userId: string;
  workspaceId: string;
  csrfToken: string;
  expiresAt: string;
}

export function sha256(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

export async function createSession(db: Db, userId: string, workspaceId: string): Promise<{ cookieValue: string; session: SessionRecord }> {
  const cookieValue = randomBytes(32).toString('base64url');
  const session: SessionRecord = {
    id: sha256(cookieValue),
    userId,
    workspaceId,
    csrfToken: randomBytes(24).toString('base64url'),
    expiresAt: new Date(Date.now() + SESSION_TTL_MS).toISOString(),
  };
  await db
    .insertInto('sessions')
    .values({ id: session.id, user_id: userId, workspace_id: workspaceId, csrf_token: session.csrfToken, created_at: nowIso(), expires_at: session.expiresAt })
    .execute();
  return { cookieValue, session };
}

/** Looks up a live session by cookie value; returns refreshed=true when the expiry was slid forward. */
export async function resolveSession(db: Db, cookieValue: string): Promise<{ session: SessionRecord; refreshed: boolean } | undefined> {
  const id = sha256(cookieValue);
  const row = await db.selectFrom('sessions').where('id', '=', id).selectAll().executeTakeFirst();
  if (!row) return undefined;
  const now = Date.now();
  const expires = Date.parse(row.expires_at);
  if (expires <= now) {
    await db.deleteFrom('sessions').where('id', '=', id).execute();
    return undefined;
  }
  const session: SessionRecord = { id, userId: row.user_id, workspaceId: row.workspace_id, csrfToken: row.csrf_token, expiresAt: row.expires_at };
  if (now + SESSION_TTL_MS - expires < REFRESH_AFTER_MS) return { session, refreshed: false };
  session.expiresAt = new Date(now + SESSION_TTL_MS).toISOString();
  await db.updateTable('sessions').set({ expires_at: session.expiresAt }).where('id', '=', id).execute();
  return { session, refreshed: true };
}

export async function deleteSession(db: Db, sessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

export async function setSessionWorkspace(db: Db, sessionId: string, workspaceId: string): Promise<void> {
  await db.updateTable('sessions').set({ workspace_id: workspaceId }).where('id', '=', sessionId).execute();
}
