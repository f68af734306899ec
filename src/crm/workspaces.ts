import type { Db } from '../db/database.js';
import type { MemberRole } from '../db/tables/crm.js';
import { newId } from '../lib/ids.js';
import { DomainError, isUniqueViolation, notFound, nowIso } from './errors.js';

export interface WorkspaceMembership {
  id: string;
  name: string;
  role: MemberRole;
}

export interface Member {
  userId: string;
  email: string;
  name: string;
  role: MemberRole;
}

/** Creates a workspace with the user as its owner. Call inside a transaction when part of a larger write. */
export async function createWorkspace(db: Db, userId: string, name: string): Promise<WorkspaceMembership> {
  const id = newId();
  const at = nowIso();
  await db.insertInto('workspaces').values({ id, name, created_at: at }).execute();
  await db.insertInto('workspace_members').values({ workspace_id: id, user_id: userId, role: 'owner', created_at: at }).execute();
  return { id, name, role: 'owner' };
}

export async function listMemberships(db: Db, userId: string): Promise<WorkspaceMembership[]> {
  return db
    .selectFrom('workspace_members as m')
    .innerJoin('workspaces as w', 'w.id', 'm.workspace_id')
    .where('m.user_id', '=', userId)
    .select(['w.id', 'w.name', 'm.role'])
    .orderBy('m.created_at')
    .orderBy('w.id')
    .execute();
}

/** The caller's membership, or not_found: a workspace one does not belong to does not exist for them. */
export async function requireMembership(db: Db, userId: string, workspaceId: string): Promise<WorkspaceMembership> {
  const row = await db
    .selectFrom('workspace_members as m')
    .innerJoin('workspaces as w', 'w.id', 'm.workspace_id')
    .where('m.user_id', '=', userId)
    .where('m.workspace_id', '=', workspaceId)
    .select(['w.id', 'w.name', 'm.role'])
    .executeTakeFirst();
  if (!row) throw notFound('workspace');
  return row;
}

export async function isMember(db: Db, workspaceId: string, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('workspace_members')
    .where('workspace_id', '=', workspaceId)
    .where('user_id', '=', userId)
    .select('user_id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function listMembers(db: Db, actorUserId: string, workspaceId: string): Promise<Member[]> {
  await requireMembership(db, actorUserId, workspaceId);
  return db
    .selectFrom('workspace_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .where('m.workspace_id', '=', workspaceId)
    .select(['u.id as userId', 'u.email', 'u.name', 'm.role'])
    .orderBy('m.created_at')
    .orderBy('u.id')
    .execute();
}

/** Adds an existing user by email. Only owners may add members. */
export async function addMember(db: Db, actorUserId: string, workspaceId: string, email: string, role: MemberRole): Promise<Member> {
  const actor = await requireMembership(db, actorUserId, workspaceId);
  if (actor.role !== 'owner') throw new DomainError('forbidden', 'Only workspace owners can add members: ask an owner to add them.');
  const user = await db.selectFrom('users').where('email', '=', email.trim().toLowerCase()).select(['id', 'email', 'name']).executeTakeFirst();
  if (!user) throw new DomainError('not_found', `No Tandem user has the email ${email}: ask them to sign up first, then add them.`);
  try {
    await db.insertInto('workspace_members').values({ workspace_id: workspaceId, user_id: user.id, role, created_at: nowIso() }).execute();
  } catch (err) {
    if (isUniqueViolation(err)) throw new DomainError('conflict', `The user ${user.email} is already a member of this workspace: nothing to add.`);
    throw err;
  }
  return { userId: user.id, email: user.email, name: user.name, role };
}
