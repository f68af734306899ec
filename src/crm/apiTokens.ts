import { randomBytes } from 'node:crypto';
import type { Db } from '../db/database.js';
import { newId } from '../lib/ids.js';
import { notFound, nowIso } from './errors.js';
import { sha256 } from './sessions.js';
import { isMember } from './workspaces.js';

export const TOKEN_PREFIX = 'tdm_';

export interface ApiTokenInfo {
  id: string;
  name: string;
  workspaceId: string;
  createdAt: string;
  lastUsedAt: string | null;
}

/** The raw token is returned once; only its sha256 is stored (tokens are high-entropy, so no KDF is needed). */
export async function createApiToken(db: Db, userId: string, workspaceId: string, name: string): Promise<{ id: string; name: string; token: string; createdAt: string }> {
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  const row = { id: newId(), user_id: userId, workspace_id: workspaceId, name, token_hash: sha256(token), created_at: nowIso(), last_used_at: null };
  await db.insertInto('api_tokens').values(row).execute();
  return { id: row.id, name, token, createdAt: row.created_at };
}

/** Resolves a bearer token to its user and workspace; a token whose user left the workspace stops working. */
export async function resolveApiToken(db: Db, token: string): Promise<{ tokenId: string; userId: string; workspaceId: string } | undefined> {
  if (!token.startsWith(TOKEN_PREFIX)) return undefined;
  const row = await db.selectFrom('api_tokens').where('token_hash', '=', sha256(token)).select(['id', 'user_id', 'workspace_id', 'last_used_at']).executeTakeFirst();
  if (!row || !(await isMember(db, row.workspace_id, row.user_id))) return undefined;
  const now = nowIso();
  // Minute resolution is plenty for "last used" and spares a write per request.
  if (!row.last_used_at || row.last_used_at.slice(0, 16) !== now.slice(0, 16)) {
    await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', row.id).execute();
  }
  return { tokenId: row.id, userId: row.user_id, workspaceId: row.workspace_id };
}

export async function listApiTokens(db: Db, userId: string): Promise<ApiTokenInfo[]> {
  return db
    .selectFrom('api_tokens')
    .where('user_id', '=', userId)
    .select(['id', 'name', 'workspace_id as workspaceId', 'created_at as createdAt', 'last_used_at as lastUsedAt'])
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function deleteApiToken(db: Db, userId: string, tokenId: string): Promise<void> {
  const result = await db.deleteFrom('api_tokens').where('id', '=', tokenId).where('user_id', '=', userId).executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw notFound('token');
}
