import type { ResourceManifest } from '../manifest.js';
import { knownScopes } from './folders.js';
import { mailResource, type MailResourceOptions } from './mailResource.js';
import { planMailRun } from './plan.js';
import { deleteSyncedMail } from './store.js';

/** Outlook mail as one resource of the sync engine. */
export function mailManifest(options: MailResourceOptions = {}): ResourceManifest {
  return {
    name: 'mail',
    feature: 'mail',
    // One subscription on the whole mailbox: delta works per folder, notifications do not need to.
    subscription: { resource: '/me/messages', changeType: 'created,updated,deleted', maxLifetimeMinutes: 4_230 },
    sync: mailResource(options),
    // New mail lands in the Inbox: one delta request there, usually answering an empty page.
    catchUp: { everyMs: 2 * 60_000, scopes: (all) => all.filter((sc) => sc.primary).slice(0, 1) },
    knownScopes,
    plan: planMailRun,
    async liveEvent(ctx, scope, page) {
      const folder = await ctx.db.selectFrom('mail_folders').select('id').where('account_id', '=', ctx.account.id).where('graph_id', '=', scope.key).executeTakeFirst();
      const ids = [...page.upserted, ...page.removed];
      // mail.changed carries Tandem's own ids, as the inbox's writes and every REST route use.
      return {
        type: 'mail.changed',
        userId: ctx.account.userId,
        data: { folderIds: folder ? [folder.id] : [], ids: ids.slice(0, 200), ...(ids.length > 200 ? { truncated: true } : {}) },
      };
    },
    purge: (trx, account) => deleteSyncedMail(trx, account),
    items: { one: 'email', other: 'emails' },
  };
}
