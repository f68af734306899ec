import type { SyncedResource } from '../../../microsoft/catalogue.js';

/** One job name per kind of work; the payload names the resource, the key makes it one job per (account, resource). */
export const SYNC_JOB = 'microsoft.sync';
export const LIFECYCLE_JOB = 'microsoft.lifecycle';
export const SUBSCRIBE_JOB = 'microsoft.subscribe';
export const TICK_JOB = 'microsoft.syncTick';
export const WRITE_BACK_JOB = 'microsoft.writeBack';

export interface SyncPayload {
  accountId: string;
  resource: SyncedResource;
  /** Delta over every known scope (sweep, missed, polling), not just the scopes notifications point at. */
  all?: boolean;
  /** List the scopes from Graph first (new, renamed, deleted folders or calendars). */
  list?: boolean;
  /** The catch-up round: only the scopes the resource names for it. */
  catchUp?: boolean;
}

export const jobKey = (p: Pick<SyncPayload, 'accountId' | 'resource'>, kind = '') => `${p.resource}:${p.accountId}${kind ? `:${kind}` : ''}`;

