import type { Db } from '../db/database.js';
import { newId } from '../lib/ids.js';
import { DomainError, isUniqueViolation, nowIso } from './errors.js';
import { decoyHash, hashPassword, verifyPassword } from './passwords.js';
import { createWorkspace, listMemberships, type WorkspaceMembership } from './workspaces.js';

export interface User {
  id: string;
  email: string;
  name: string;
}

export const MIN_PASSWORD_LENGTH = 10;
const BAD_CREDENTIALS = 'Email or password is incorrect: check them and try again.';

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Creates the user and a personal workspace they own, in one transaction. */
export async function signUp(db: Db, input: { email: string; password: string; name: string }): Promise<{ user: User; workspace: WorkspaceMembership }> {
  if (input.password.length < MIN_PASSWORD_LENGTH) {
    throw new DomainError('validation_failed', `The password must be at least ${MIN_PASSWORD_LENGTH} characters: choose a longer password.`);
  }
  const email = normalizeEmail(input.email);
  const name = input.name.trim();
  if (!name) throw new DomainError('validation_failed', 'Enter your name: it must not be blank.');
  const passwordHash = await hashPassword(input.password);
  const taken = await db.selectFrom('users').where('email', '=', email).select('id').executeTakeFirst();
  if (taken) throw new DomainError('conflict', `An account with email ${email} already exists: sign in instead.`);
  try {
    return await db.transaction().execute(async (trx) => {
      const at = nowIso();
      const user = { id: newId(), email, name };
      await trx.insertInto('users').values({ ...user, password_hash: passwordHash, created_at: at, updated_at: at }).execute();
      const workspace = await createWorkspace(trx, user.id, `${name}'s workspace`);
      return { user, workspace };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new DomainError('conflict', `An account with email ${email} already exists: sign in instead.`);
    throw err;
  }
}

/** Same error, and about the same time, for an unknown email and a wrong password. */
export async function verifyCredentials(db: Db, emailInput: string, password: string): Promise<User> {
  const row = await db
    .selectFrom('users')
    .where('email', '=', normalizeEmail(emailInput))
    .select(['id', 'email', 'name', 'password_hash'])
    .executeTakeFirst();
  const ok = await verifyPassword(password, row?.password_hash ?? (await decoyHash()));
  if (!row || !ok) throw new DomainError('unauthorized', BAD_CREDENTIALS);
  return { id: row.id, email: row.email, name: row.name };
}

export async function getUser(db: Db, userId: string): Promise<User | undefined> {
  return db.selectFrom('users').where('id', '=', userId).select(['id', 'email', 'name']).executeTakeFirst();
}

/** The workspace to land in after sign-in: the first one joined. */
export async function defaultWorkspace(db: Db, userId: string): Promise<WorkspaceMembership> {
  const [first] = await listMemberships(db, userId);
  if (first) return first;
  // A user removed from every workspace gets a fresh personal one rather than a dead end.
  const user = await getUser(db, userId);
  return createWorkspace(db, userId, `${user?.name ?? 'My'}'s workspace`);
}
