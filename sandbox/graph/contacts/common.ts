import { GraphError, badRequest, itemNotFound } from '../http/errors.js';
import type { GraphCall } from '../http/route.js';
import type { ContactRow, FolderRow } from './schema.js';
import { contactObject } from './serialize.js';
import { contactById, ensureContacts, folderByKey } from './store.js';

/** The folder the URL names (`contactFolders/{id}`), or the default folder for `/me/contacts`. */
export function folderOr404(call: GraphCall): FolderRow {
  const key = call.params.folderId;
  const folder = key === undefined ? ensureContacts(call.ctx, call.userId) : folderByKey(call.ctx, call.userId, key);
  if (!folder) throw itemNotFound();
  return folder;
}

/**
 * The contact the URL names. `/me/contacts/{id}` reaches a contact in any folder (as Graph does);
 * under `contactFolders/{id}` it must be in that folder.
 */
export function contactOr404(call: GraphCall): ContactRow {
  ensureContacts(call.ctx, call.userId);
  const row = contactById(call.ctx.db, call.params.contactId ?? '');
  if (!row || row.user_id !== call.userId) throw itemNotFound();
  if (call.params.folderId !== undefined && row.folder_id !== folderOr404(call).id) throw itemNotFound();
  return row;
}

const PROPERTIES = new Set(Object.keys(contactObject({
  pk: 0, user_id: '', folder_id: '', id: '', given_name: null, surname: null, display_name: '', auto_name: 1, emails_json: '[]',
  business_phones_json: '[]', home_phones_json: '[]', mobile_phone: null, company_name: null, job_title: null, personal_notes: '',
  categories_json: '[]', extra_json: '{}', change_key: '', created: 0, modified: 0, seq: 0,
})).filter((k) => !k.startsWith('@')));

/** `$select`, refused with 400 for a property a contact does not have (as Graph refuses it). */
export function contactSelect(raw: string | undefined): string[] | undefined {
  if (!raw) return undefined;
  const names = raw.split(',').map((s) => s.trim()).filter(Boolean);
  for (const n of names) {
    if (!PROPERTIES.has(n)) throw badRequest(`Could not find a property named '${n}' on type 'microsoft.graph.contact'.`, 'RequestBroker--ParseUri');
  }
  return names;
}

const conflict = () => new GraphError(412, 'ErrorIrresolvableConflict',
  'The send or update operation could not be performed because the change key passed in the request does not match the current change key for the item.');

/**
 * Optimistic concurrency as the calendar has it: an `If-Match` etag (W/"changeKey") or a
 * `changeKey` in the body that is no longer current gets 412, and nothing changes.
 */
export function checkChangeKey(call: GraphCall, current: string): void {
  const header = call.req.headers['if-match'];
  if (header !== undefined) {
    const tags = (Array.isArray(header) ? header : [header]).flatMap((h) => h.split(',')).map((t) => t.trim()).filter(Boolean);
    if (!tags.some((t) => t === '*' || t.replace(/^W\//, '').replace(/^"|"$/g, '') === current)) throw conflict();
  }
  const key = call.body.changeKey;
  if (typeof key === 'string' && key !== current) throw conflict();
}
