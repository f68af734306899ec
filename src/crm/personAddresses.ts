import type { Db } from '../db/database.js';

/** A person's addresses before and after a create, an update or a delete (lower-case, normalized). */
export interface PersonAddressChange {
  workspaceId: string;
  personId: string;
  added: string[];
  removed: string[];
}

/**
 * Called inside the transaction that changes a person's addresses, so whatever an area keeps per
 * address (a synced mailbox's links from emails to people) commits or rolls back with the change.
 * The CRM cannot know those areas (it never reads their tables); they register here instead.
 */
export type PersonAddressListener = (trx: Db, change: PersonAddressChange) => Promise<void>;

const listeners = new Map<string, PersonAddressListener>();

/** Registered once per name by the composition root; registering a name again replaces it. */
export function onPersonAddressesChanged(name: string, listener: PersonAddressListener): void {
  listeners.set(name, listener);
}

export async function personAddressesChanged(trx: Db, change: PersonAddressChange): Promise<void> {
  if (!change.added.length && !change.removed.length) return;
  for (const listener of listeners.values()) await listener(trx, change);
}
