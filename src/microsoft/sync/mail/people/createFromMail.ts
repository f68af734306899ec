import { sql } from 'kysely';
import { createPeople, findPeopleByEmails } from '../../../../crm/people.js';
import { DomainError, isUniqueViolation } from '../../../../crm/errors.js';
import type { Db } from '../../../../db/database.js';
import { newId } from '../../../../lib/ids.js';
import { AccountNotActive, assertAccountActive } from '../../accountGuard.js';
import { domainOf } from './addressRules.js';
import { candidatesOf, type Mailbox, type ScannedEmail } from './candidates.js';
import { CompanyDomains } from './companyDomains.js';
import { declinedAddresses, ORIGIN, UNTOUCHED } from './origins.js';
import { peopleFromMailSettings } from './settings.js';

const BATCH = 500;
const ATTEMPTS = 4;

/** SQLite's driver is synchronous: a turn of the event loop between batches lets requests in. */
const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface PeopleFromMailRun {
  scanned: number;
  /** Ids of the people made, for live events. */
  created: string[];
  /** Ids of the companies made for them. */
  companies: string[];
  /** The mailbox is still importing: the run did nothing and wants to be run again later. */
  importing?: boolean;
}

/** An import that has made no progress for this long is stuck, and waits for nobody. */
const IMPORT_STALE_MS = 60_000;

/**
 * Whether a full round of the mailbox's mail is under way (the initial import, or a reset). The
 * job waits for it: its batches would otherwise contend with the import's pages for the database
 * (SQLite has one writer), and the people are made from the same rows a moment later.
 */
export async function mailImporting(db: Db, accountId: string): Promise<boolean> {
  const since = new Date(Date.now() - IMPORT_STALE_MS).toISOString();
  const row = await db.selectFrom('microsoft_sync_states').select('scope_key').where('account_id', '=', accountId).where('resource', '=', 'mail')
    .where('phase', '=', 'initial').where('updated_at', '>', since).limit(1).executeTakeFirst();
  return !!row;
}

/**
 * The people-from-mail job for one mailbox: takes the synced messages it has not looked at yet (a
 * batch at a time, each in its own short transaction), makes a person for each new correspondent
 * the workspace's setting lets through (with a company by email domain), and marks the messages
 * looked at in the same transaction. Idempotent and resumable: an address that already belongs to
 * a person of the workspace makes nothing, whoever's mail it came from; a crash leaves the batch
 * unmarked, to be taken again. Two jobs meeting the same new address at once (two users of the
 * workspace) are kept apart by UNIQUE(workspace_id, email): the loser's batch is re-read and finds
 * the winner's person. With the setting off nothing is read or made.
 */
export async function createPeopleFromMail(db: Db, accountId: string, signal?: AbortSignal): Promise<PeopleFromMailRun> {
  const run: PeopleFromMailRun = { scanned: 0, created: [], companies: [] };
  if (await mailImporting(db, accountId)) return { ...run, importing: true };
  for (;;) {
    if (signal?.aborted) return run;
    const account = await db.selectFrom('microsoft_accounts').select(['id', 'workspace_id', 'username', 'status']).where('id', '=', accountId).executeTakeFirst();
    if (account?.status !== 'active') return run;
    const settings = await peopleFromMailSettings.get(db, account.workspace_id);
    if (settings.mode === 'off') return run;
    // A literal 0, the partial index's own condition: the planner need not reason about a bound value to use it.
    const emails = await db.selectFrom('emails').select(['id', 'folder_graph_id', 'from_name', 'from_address', 'recipients'])
      .where('account_id', '=', accountId).where(sql<boolean>`people_scanned = 0`).where('is_draft', '=', 0).limit(BATCH).execute();
    if (!emails.length) return run;
    const own = account.username.toLowerCase();
    const sent = await db.selectFrom('mail_folders').select('graph_id').where('account_id', '=', accountId).where('well_known', '=', 'sentitems').execute();
    const mailbox: Mailbox = { own: new Set([own]), domain: domainOf(own), sentFolders: new Set(sent.map((f) => f.graph_id)) };
    const wanted = candidatesOf(emails, settings, mailbox);
    let made: { people: string[]; companies: string[] } = { people: [], companies: [] };
    for (let attempt = 1; ; attempt++) {
      try {
        made = await db.transaction().execute((trx) => applyBatch(trx, { accountId, workspaceId: account.workspace_id, mailbox: account.username }, emails, wanted));
        break;
      } catch (err) {
        if (err instanceof AccountNotActive) return run;
        if (attempt >= ATTEMPTS || !isRace(err)) throw err;
      }
    }
    run.scanned += emails.length;
    run.created.push(...made.people);
    run.companies.push(...made.companies);
    await yieldToIo();
  }
}

async function applyBatch(trx: Db, who: { accountId: string; workspaceId: string; mailbox: string }, emails: Array<ScannedEmail & { id: string }>, wanted: Map<string, string | null>): Promise<{ people: string[]; companies: string[] }> {
  // A disconnect under way must not find people made after it looked.
  await assertAccountActive(trx, who.accountId);
  const addresses = [...wanted.keys()].sort();
  const known = addresses.length ? await findPeopleByEmails(trx, who.workspaceId, addresses) : new Map();
  const unknown = addresses.filter((a) => !known.has(a));
  const declined = unknown.length ? await declinedAddresses(trx, who.workspaceId, unknown) : new Set<string>();
  const fresh = unknown.filter((a) => !declined.has(a));
  const companies = new CompanyDomains(trx, who.workspaceId);
  const people: Parameters<typeof createPeople>[2] = [];
  for (const address of fresh) {
    people.push({ id: newId(), name: wanted.get(address) ?? address, emails: [address], companyId: await companies.idFor(domainOf(address)) });
  }
  if (people.length) {
    await createPeople(trx, who.workspaceId, people, { origin: ORIGIN });
    const at = new Date().toISOString();
    const origins = people.map((p) => ({ person_id: p.id, workspace_id: who.workspaceId, account_id: who.accountId, mailbox: who.mailbox, address: p.emails[0]!, edited: UNTOUCHED, created_at: at }));
    for (let i = 0; i < origins.length; i += 200) await trx.insertInto('mail_person_origins').values(origins.slice(i, i + 200)).execute();
  }
  const ids = emails.map((e) => e.id);
  for (let i = 0; i < ids.length; i += 500) await trx.updateTable('emails').set({ people_scanned: 1 }).where('id', 'in', ids.slice(i, i + 500)).execute();
  return { people: people.map((p) => p.id), companies: companies.created };
}

/** Another job made the same person or company first (or PostgreSQL chose this one to break a deadlock): read again. */
function isRace(err: unknown): boolean {
  if (err instanceof DomainError && err.kind === 'conflict') return true;
  const code = (err as { code?: unknown } | null)?.code;
  return isUniqueViolation(err) || code === '40P01' || code === '40001';
}
