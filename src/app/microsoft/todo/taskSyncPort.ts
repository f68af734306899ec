import { invalid } from '../../../crm/errors.js';
import type { SyncedTaskFields, TaskChange, TaskSyncPort } from '../../../crm/taskSync.js';
import type { Db } from '../../../db/database.js';
import { feature, featuresGranted } from '../../../microsoft/catalogue.js';
import { links } from '../../../microsoft/sync/links.js';
import { outbox } from '../../../microsoft/sync/outbox.js';
import type { TodoWrite } from '../../../microsoft/sync/todo/todoPayload.js';
import type { MicrosoftIntegration } from '../integration.js';
import { syncEngineOf } from '../sync/install.js';
import { enqueueWriteBack } from '../sync/writeBackJob.js';

const FIELDS = ['title', 'notes', 'dueDate', 'importance', 'status'] as const;

/** The owner's account when it may sync To Do (connected, active, Tasks.ReadWrite granted), else what to do about it. */
async function todoAccount(trx: Db, userId: string): Promise<{ id: string } | { fix: string }> {
  const a = await trx.selectFrom('microsoft_accounts').select(['id', 'status', 'granted_scopes']).where('user_id', '=', userId).executeTakeFirst();
  if (!a) return { fix: 'connect Microsoft 365 with To Do in Settings → Integrations, then turn sync on' };
  if (a.status !== 'active') return { fix: 'your Microsoft 365 connection needs attention; reconnect it in Settings → Integrations, then turn sync on' };
  const granted = featuresGranted(JSON.parse(a.granted_scopes) as string[]).includes('todo') && (feature('todo') as { available?: boolean }).available !== false;
  return granted ? { id: a.id } : { fix: 'Microsoft To Do is not enabled for your account; enable it in Settings → Integrations, then turn sync on' };
}

const changedFields = (before: SyncedTaskFields, after: SyncedTaskFields): TodoWrite => {
  const w: Record<string, unknown> = {};
  for (const f of FIELDS) if (before[f] !== after[f]) w[f] = after[f];
  return w as TodoWrite;
};

/**
 * The CRM's task changes on their way to To Do: inside the change's transaction, the outbox entry
 * (create when sync is turned on, the changed fields, delete when it is turned off or the task
 * deleted); after the commit, the engine's write-back job. Turning sync on without To Do connected
 * is refused with what to do instead.
 */
export function todoTaskSyncPort(integration: MicrosoftIntegration): TaskSyncPort {
  const deepLink = (id: string) => `${(integration.config.publicUrl || `http://localhost:${integration.config.port}`).replace(/\/$/, '')}/tasks?task=${encodeURIComponent(id)}`;
  return {
    async changed(trx, { before, after }: TaskChange) {
      const owner = after?.todoUserId ?? before?.todoUserId;
      if (!owner) return;
      const account = await todoAccount(trx, owner);
      const turningOn = !!after?.todoUserId && !before?.todoUserId;
      if ('fix' in account) {
        if (turningOn) throw invalid('syncToDo', account.fix);
        return;
      }
      const accountId = account.id;
      const taskId = (after ?? before)!.id;
      const record = (op: 'create' | 'update' | 'delete', payload: TodoWrite, key?: string) =>
        outbox.record(trx, { accountId, resource: 'todo', recordType: 'task', recordId: taskId, op, payload, ...(key ? { idempotencyKey: key } : {}) });
      const inToDo = async () => !!(await links.byRecord(trx, accountId, 'todo', 'task', taskId))
        || !!(await trx.selectFrom('microsoft_outbox').select('id').where('account_id', '=', accountId).where('resource', '=', 'todo')
          .where('record_id', '=', taskId).where('state', '=', 'pending').limit(1).executeTakeFirst());
      if (turningOn) {
        const a = after!;
        // The key is the CRM task id, which the todoTask's linkedResource carries: a retry finds it by it.
        await record('create', { title: a.title, notes: a.notes, dueDate: a.dueDate, importance: a.importance, status: a.status, webUrl: deepLink(a.id) }, a.id);
      } else if (!after?.todoUserId) {
        if (!(await inToDo())) return;
        await record('delete', {});
      } else {
        const w = changedFields(before!, after);
        if (!Object.keys(w).length || !(await inToDo())) return;
        await record('update', w);
      }
      return async () => {
        const engine = syncEngineOf(integration);
        if (!engine) return;
        try {
          await enqueueWriteBack(engine, { accountId, resource: 'todo' });
        } catch (err) {
          // The entry is durable: the engine's tick finds due entries and sends them.
          integration.log.warn({ err, accountId }, 'To Do write-back not enqueued; the tick will send it');
        }
      };
    },
  };
}
