import type { Contact } from '@microsoft/microsoft-graph-types';
import { isMicrosoftError, MicrosoftError } from '../../graph/errors.js';
import type { SyncContext, Trx } from '../contract.js';
import type { LinkRow, OutboxEntry, WriteBack, WriteResult } from '../writeBack.js';
import { applyContacts } from './applyContacts.js';
import { defaultFolderId } from './folders.js';
import { CONTACT_SELECT, graphContactBody, mapContact, MAX_EMAILS, sameValue, type ContactFields } from './mapContact.js';
import { contactGone } from './personRules.js';
import { upsertRows } from './store.js';

interface ContactWriteResult extends WriteResult {
  contact: Contact | null;
}

const path = (id: string) => `/me/contacts/${encodeURIComponent(id)}`;
const fieldsOf = (entry: OutboxEntry) => (entry.payload ?? {}) as Partial<ContactFields>;
const answer = (c: Contact): ContactWriteResult => ({ id: c.id!, changeKey: c.changeKey ?? null, contact: c });

/**
 * CRM people to Outlook contacts: create in the default folder (people the user adds, when they
 * asked for it), PATCH of the changed fields only against the changeKey Tandem last saw, delete.
 */
export function contactsWriteBack(): WriteBack {
  return {
    async send(ctx, entry, link) {
      if (entry.op === 'create') return create(ctx, entry);
      if (!link) throw new MicrosoftError('notFound', 'the person was never in Outlook contacts', { status: 404 });
      if (entry.op === 'delete') {
        await ctx.graph.request(ctx.account.id, { method: 'DELETE', path: path(link.graph_id) });
        return null;
      }
      const ifMatch: Record<string, string> = link.change_key ? { 'if-match': `W/"${link.change_key}"` } : {};
      const res = await ctx.graph.request<Contact>(ctx.account.id, { method: 'PATCH', path: path(link.graph_id), body: graphContactBody(fieldsOf(entry)), headers: ifMatch });
      const contact = res.body?.id ? res.body : await ctx.graph.get<Contact>(ctx.account.id, `${path(link.graph_id)}?$select=${CONTACT_SELECT}`);
      return answer(contact);
    },

    /**
     * After a 412: Outlook changed the contact since Tandem last saw it. Its version is applied as
     * delta would apply it (its fields reach the person; a field changed on both sides goes to the
     * later change, with a timeline note, and a lost CRM change leaves this entry), then the entry
     * is sent again with what is left of it, against the new changeKey.
     */
    async refresh(ctx, entry, link: LinkRow) {
      let fresh: Contact;
      try {
        fresh = await ctx.graph.get<Contact>(ctx.account.id, `${path(link.graph_id)}?$select=${CONTACT_SELECT}`);
      } catch (err) {
        if (isMicrosoftError(err, 'notFound')) return 'gone';
        throw err;
      }
      await ctx.db.transaction().execute(async (trx) => {
        const row = await trx.selectFrom('contacts_contacts').select('folder_graph_id').where('account_id', '=', ctx.account.id).where('graph_id', '=', link.graph_id).executeTakeFirst();
        await applyContacts(trx, ctx, row?.folder_graph_id ?? fresh.parentFolderId ?? '', [fresh as never], null);
      });
      const left = await ctx.db.selectFrom('microsoft_outbox').select('payload').where('id', '=', entry.id).executeTakeFirst();
      if (left) entry.payload = JSON.parse(left.payload) as unknown;
      return { changeKey: fresh.changeKey ?? null };
    },

    async applied(trx, ctx, _entry, result) {
      const contact = (result as ContactWriteResult).contact;
      await storeVersion(trx, ctx, contact);
    },

    async gone(trx, ctx, entry) {
      // Deleted in Outlook before the CRM's change reached it: the delete rule applies as for delta.
      await contactGone(trx, ctx.account.workspaceId, entry.recordId, {
        title: 'Removed from Outlook contacts',
        body: 'The Outlook contact this person mirrored was deleted. The person is kept in the CRM and is no longer linked to it.',
      });
    },
  };
}

/** The version Outlook answered a write with becomes the base the next delta version is compared to. */
async function storeVersion(trx: Trx, ctx: SyncContext, contact: Contact | null): Promise<void> {
  const fields = contact?.id ? mapContact(contact) : null;
  if (!contact?.id || !fields) return;
  const existing = await trx.selectFrom('contacts_contacts').select('folder_graph_id').where('account_id', '=', ctx.account.id).where('graph_id', '=', contact.id).executeTakeFirst();
  const folder = existing?.folder_graph_id ?? contact.parentFolderId ?? (await defaultFolderId({ db: trx as never, account: ctx.account })) ?? '';
  await upsertRows(trx, ctx.account, [{ graphId: contact.id, folder, changeKey: contact.changeKey ?? null, modifiedAt: contact.lastModifiedDateTime ?? null, fields }], null);
}

/**
 * Contacts have no transactionId. The entry's key was recorded before the first attempt; an
 * attempt after one that may have reached Graph first looks in the default folder for the contact
 * it made (same name and addresses) and takes it instead of making a second one.
 */
async function create(ctx: SyncContext, entry: OutboxEntry): Promise<ContactWriteResult> {
  const folder = (await defaultFolderId(ctx)) ?? 'contacts';
  const fields = fieldsOf(entry);
  if (entry.attempts > 0) {
    const earlier = await findEarlier(ctx, folder, fields);
    if (earlier) return answer(earlier);
  }
  const at = `/me/contactFolders/${encodeURIComponent(folder)}/contacts`;
  const contact = (await ctx.graph.request<Contact>(ctx.account.id, { method: 'POST', path: at, body: graphContactBody(fields) })).body;
  if (!contact?.id) throw new MicrosoftError('fatal', 'Graph created the contact without answering its id');
  return answer(contact);
}

async function findEarlier(ctx: SyncContext, folder: string, fields: Partial<ContactFields>): Promise<Contact | null> {
  const url = `/me/contactFolders/${encodeURIComponent(folder)}/contacts?$select=${CONTACT_SELECT}&$top=200`;
  for await (const page of ctx.graph.pages<Contact>(ctx.account.id, url)) {
    for (const c of page.items) {
      const m = mapContact(c);
      if (m && m.name === fields.name && sameValue(m.emails, (fields.emails ?? []).slice(0, MAX_EMAILS))) return c;
    }
  }
  return null;
}
