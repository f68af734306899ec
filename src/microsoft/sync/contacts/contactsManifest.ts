import type { ResourceManifest } from '../manifest.js';
import { contactsResource, type ContactsResourceOptions } from './contactsResource.js';
import { contactsWriteBack } from './contactsWriteBack.js';
import { knownFolders } from './folders.js';
import { peopleLiveEvent } from './liveEvent.js';
import { purgeContacts } from './purge.js';

export type ContactsManifestOptions = ContactsResourceOptions;

/** Outlook personal contacts ↔ CRM people, as one two-way resource of the sync engine. */
export function contactsManifest(options: ContactsManifestOptions = {}): ResourceManifest {
  return {
    name: 'contacts',
    feature: 'contacts',
    // One subscription hears every contact of the user, whatever its folder (graph-facts §6).
    subscription: { resource: '/me/contacts', changeType: 'created,updated,deleted', maxLifetimeMinutes: 4_230 },
    sync: contactsResource(options),
    // New contacts land in the default folder: one delta request there, usually an empty page.
    catchUp: { everyMs: 5 * 60_000, scopes: (all) => all.filter((sc) => sc.primary).slice(0, 1) },
    knownScopes: knownFolders,
    liveEvent: peopleLiveEvent,
    purge: (trx, account) => purgeContacts(trx, account),
    items: { one: 'contact', other: 'contacts' },
    writeBack: contactsWriteBack(),
  };
}
