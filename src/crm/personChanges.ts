import type { Db } from '../db/database.js';

/** The fields of a person a change touched, with their new values (all of them for a create). */
export interface PersonFields {
  name?: string;
  emails?: string[];
  phones?: string[];
  companyId?: string | null;
  jobTitle?: string | null;
  notes?: string | null;
}

export interface PersonChange {
  workspaceId: string;
  personId: string;
  op: 'create' | 'update' | 'delete';
  /** Only the fields whose value changed (an update that changed nothing is not reported). */
  fields: PersonFields;
  /** The user who made the change, when a person made it (the REST API); absent for sync and jobs. */
  userId?: string;
  /**
   * Who made it when not a user: a synced area names itself ('contacts'), so it does not send its
   * own change back to where it came from.
   */
  origin?: string;
}

/**
 * Areas that mirror people elsewhere (Outlook contacts) hear of every CRM change to a person. The
 * CRM cannot know them (it never imports them); they register here, like personAddresses.ts.
 * `inTransaction` runs inside the change's own transaction (an outbox row commits or rolls back
 * with it); `afterCommit` runs once it committed (sending may start), only when the CRM function
 * owned the transaction; inside a caller's transaction the area's own periodic pass finds it.
 */
export interface PersonChangeListener {
  inTransaction(trx: Db, change: PersonChange): Promise<void>;
  afterCommit?(change: PersonChange): Promise<void>;
}

const listeners = new Map<string, PersonChangeListener>();

/** Registered once per name by the composition root; registering a name again replaces it. */
export function onPersonChanged(name: string, listener: PersonChangeListener): void {
  listeners.set(name, listener);
}

export async function personChanged(trx: Db, change: PersonChange): Promise<void> {
  if (change.op === 'update' && !Object.keys(change.fields).length) return;
  for (const l of listeners.values()) await l.inTransaction(trx, change);
}

/** Never throws: the change is committed; a listener's failure is its own to recover from. */
export async function personChangeCommitted(change: PersonChange): Promise<void> {
  if (change.op === 'update' && !Object.keys(change.fields).length) return;
  for (const l of listeners.values()) await l.afterCommit?.(change).catch(() => undefined);
}
