import type { OutboxOp } from '../../db/tables/microsoftSync.js';
import { newId } from '../../lib/ids.js';
import type { Trx } from './contract.js';
import type { OutboxEntry, OutboxRow } from './writeBack.js';

const now = () => new Date().toISOString();

let lastId = '';
/**
 * Entries go out in (created_at, id) order, and two made in one millisecond (a create and the edit
 * right after it) share created_at: ids are made strictly increasing here, so they never swap.
 */
function nextId(): string {
  let id = newId();
  // Extending the last id sorts after it in any collation (PostgreSQL's need not be code-point order).
  if (id.slice(0, 9) <= lastId.slice(0, 9)) id = `${lastId}0`;
  lastId = id;
  return id;
}

export interface LocalChange {
  accountId: string;
  resource: string;
  recordType: string;
  recordId: string;
  op: OutboxOp;
  payload: unknown;
  /** Defaults to a new id; an event create uses it as its transactionId. */
  idempotencyKey?: string;
}

/**
 * The durable outbox of two-way resources. `record` is called inside the CRM change's own
 * transaction, so the change and its way to Graph commit together; the write-back job sends it
 * only after that commit (never from inside a transaction that could still roll back).
 */
export const outbox = {
  async record(trx: Trx, change: LocalChange): Promise<string> {
    const id = nextId();
    await trx.insertInto('microsoft_outbox').values({
      id, account_id: change.accountId, resource: change.resource, record_type: change.recordType, record_id: change.recordId,
      op: change.op, payload: JSON.stringify(change.payload ?? null), idempotency_key: change.idempotencyKey ?? newId(),
      state: 'pending', attempts: 0, last_error: null, next_attempt_at: now(), created_at: now(), updated_at: now(),
    }).execute();
    return id;
  },

  /** The oldest pending entries of one (account, resource), in the order they were made. */
  async pending(db: Trx, accountId: string, resource: string, limit = 100): Promise<OutboxRow[]> {
    return db.selectFrom('microsoft_outbox').selectAll().where('account_id', '=', accountId).where('resource', '=', resource)
      .where('state', '=', 'pending').orderBy('created_at').orderBy('id').limit(limit).execute();
  },

  /** Accounts × resources with entries due now (the tick re-enqueues them: a crash after commit loses nothing). */
  async due(db: Trx, at = new Date().toISOString()): Promise<Array<{ account_id: string; resource: string }>> {
    return db.selectFrom('microsoft_outbox').select(['account_id', 'resource']).distinct()
      .where('state', '=', 'pending').where('next_attempt_at', '<=', at).execute();
  },

  entryOf(row: OutboxRow): OutboxEntry {
    return {
      id: row.id, recordType: row.record_type, recordId: row.record_id, op: row.op,
      payload: JSON.parse(row.payload) as unknown, idempotencyKey: row.idempotency_key, attempts: row.attempts,
    };
  },

  /** Counted before the attempt is made: after a crash, the next attempt knows Graph may have the item. */
  async attempt(db: Trx, id: string): Promise<void> {
    await db.updateTable('microsoft_outbox').set((eb) => ({ attempts: eb('attempts', '+', 1), updated_at: now() })).where('id', '=', id).execute();
  },

  async later(db: Trx, id: string, at: number, error: string): Promise<void> {
    await db.updateTable('microsoft_outbox').set({ next_attempt_at: new Date(at).toISOString(), last_error: error, updated_at: now() }).where('id', '=', id).execute();
  },

  async fail(db: Trx, id: string, error: string): Promise<void> {
    await db.updateTable('microsoft_outbox').set({ state: 'failed', last_error: error, updated_at: now() }).where('id', '=', id).execute();
  },

  async done(db: Trx, id: string): Promise<void> {
    await db.deleteFrom('microsoft_outbox').where('id', '=', id).execute();
  },

  async removeAccount(db: Trx, accountId: string, resource: string): Promise<void> {
    await db.deleteFrom('microsoft_outbox').where('account_id', '=', accountId).where('resource', '=', resource).execute();
  },
};
