import type { Trx } from '../contract.js';

export interface ContactsSettings {
  /** "Add people I create to Outlook contacts": off unless the user turned it on. */
  addCreatedPeople: boolean;
}

/** Per-user contacts settings (contacts_settings); a user who never chose has the defaults. */
export const contactsSettings = {
  async get(db: Trx, workspaceId: string, userId: string): Promise<ContactsSettings> {
    const row = await db.selectFrom('contacts_settings').select('push_new_people').where('workspace_id', '=', workspaceId).where('user_id', '=', userId).executeTakeFirst();
    return { addCreatedPeople: row?.push_new_people === 1 };
  },

  async set(db: Trx, workspaceId: string, userId: string, s: ContactsSettings): Promise<ContactsSettings> {
    const values = { push_new_people: s.addCreatedPeople ? 1 : 0, updated_at: new Date().toISOString() };
    await db.insertInto('contacts_settings').values({ workspace_id: workspaceId, user_id: userId, ...values })
      .onConflict((oc) => oc.columns(['workspace_id', 'user_id']).doUpdateSet(values)).execute();
    return this.get(db, workspaceId, userId);
  },
};
