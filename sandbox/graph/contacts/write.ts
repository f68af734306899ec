import type { SandboxContext } from '../../core/context.js';
import { newContactId } from './ids.js';
import { parseContactBody } from './input.js';
import type { ContactFields, ContactRow, FolderRow } from './schema.js';
import { insertContact, updateContact } from './store.js';

export const EMPTY_CONTACT: ContactFields = {
  given_name: null, surname: null, display_name: '', auto_name: 1, emails_json: '[]', business_phones_json: '[]', home_phones_json: '[]',
  mobile_phone: null, company_name: null, job_title: null, personal_notes: '', categories_json: '[]', extra_json: '{}',
};

/** Creates a contact in a folder from a Graph contact body (through Graph or "in Outlook"). */
export function createContact(ctx: SandboxContext, folder: FolderRow, body: Record<string, unknown>): ContactRow {
  const fields = parseContactBody(body);
  return insertContact(ctx, { ...EMPTY_CONTACT, ...fields, user_id: folder.user_id, folder_id: folder.id, id: newContactId() });
}

/** Applies a PATCH body; only the properties present change. */
export function patchContact(ctx: SandboxContext, row: ContactRow, body: Record<string, unknown>): ContactRow {
  return updateContact(ctx, row, parseContactBody(body, row));
}
