import type { PeopleFromMailMode } from '../../../../db/tables/peopleFromMail.js';
import type { Trx } from '../../contract.js';

export type { PeopleFromMailMode };

export interface PeopleFromMailSettings {
  /** off; 'sent': people I send mail to (the default); 'all': everyone I exchange mail with. */
  mode: PeopleFromMailMode;
  /** Colleagues at the mailbox owner's own domain become people too (off by default). */
  includeColleagues: boolean;
}

export const DEFAULT_SETTINGS: PeopleFromMailSettings = { mode: 'sent', includeColleagues: false };

const RANK: Record<PeopleFromMailMode, number> = { off: 0, sent: 1, all: 2 };

/** A change that lets more addresses through: mail already looked at must be looked at again. */
export function widens(before: PeopleFromMailSettings, after: PeopleFromMailSettings): boolean {
  return RANK[after.mode] > RANK[before.mode] || (after.mode !== 'off' && after.includeColleagues && !before.includeColleagues);
}

/** The workspace's "Create people from mail" (people_from_mail_settings); a workspace that never chose has the defaults. */
export const peopleFromMailSettings = {
  async get(db: Trx, workspaceId: string): Promise<PeopleFromMailSettings> {
    const row = await db.selectFrom('people_from_mail_settings').select(['mode', 'include_colleagues']).where('workspace_id', '=', workspaceId).executeTakeFirst();
    return row ? { mode: row.mode, includeColleagues: row.include_colleagues === 1 } : { ...DEFAULT_SETTINGS };
  },

  async set(db: Trx, workspaceId: string, s: PeopleFromMailSettings): Promise<PeopleFromMailSettings> {
    const values = { mode: s.mode, include_colleagues: s.includeColleagues ? 1 : 0, updated_at: new Date().toISOString() };
    await db.insertInto('people_from_mail_settings').values({ workspace_id: workspaceId, ...values })
      .onConflict((oc) => oc.column('workspace_id').doUpdateSet(values)).execute();
    return this.get(db, workspaceId);
  },
};
