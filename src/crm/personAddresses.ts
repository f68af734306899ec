import type { Db } from '../db/database.js';

/** A person's addresses before and after a create, an update or a delete (lower-case, normalized). */
export interface PersonAddressChange {
  workspaceId: string;
  personId: string;
  added: string[];
  removed: string[];
}

/**
 * Called inside the transaction that changes people's addresses, so whatever an area keeps per
 * address (a synced mailbox's links from emails to people) commits or rolls back with the change.
 * The CRM cannot know those areas (it never reads their tables); they register here instead.
 * A listener hears every change of one write at once (a contacts page makes hundreds of people):
 * one look at its own rows for all of them, not one per person.
 */
export type PersonAddressListener = (trx: Db, changes: PersonAddressChange[]) => Promise<void>;

const listeners = new Map<string, PersonAddressListener>();

/** Registered once per name by the composition root; registering a name again replaces it. */
export function onPersonAddressesChanged(name: string, listener: PersonAddressListener): void {
  listeners.set(name, listener);
}

export async function personAddressesChanged(trx: Db, changes: PersonAddressChange[]): Promise<void> {
  const real = changes.filter((c) => c.added.length || c.removed.length);
  if (!real.length) return;
  for (const listener of listeners.values()) await listener(trx, real);
}
