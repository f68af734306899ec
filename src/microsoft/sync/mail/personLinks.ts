import { sql } from 'kysely';
import type { PersonAddressChange } from '../../../crm/personAddresses.js';
import type { Db } from '../../../db/database.js';

/** LIKE's wildcards taken literally: addresses often contain '_'. */
const literal = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The workspace's synced emails sent from or to any of `addresses` (lower-case), with their account. */
async function emailsWith(trx: Db, workspaceId: string, addresses: string[]): Promise<Array<{ id: string; account_id: string; from_address: string | null; recipients: string }>> {
  if (!addresses.length) return [];
  return trx.selectFrom('emails').select(['id', 'account_id', 'from_address', 'recipients'])
    .where('workspace_id', '=', workspaceId)
    .where((eb) => eb.or([
      eb('from_address', 'in', addresses),
      // recipients is the JSON the store writes: [{"name":…,"address":"…","kind":…}]
      ...addresses.map((a) => sql<boolean>`lower(recipients) like ${`%"address":"${literal(a)}"%`} escape '\\'`),
    ]))
    .execute();
}

function carries(email: { from_address: string | null; recipients: string }, addresses: Set<string>): boolean {
  if (email.from_address && addresses.has(email.from_address.toLowerCase())) return true;
  try {
    const list = JSON.parse(email.recipients) as Array<{ address?: unknown }>;
    return Array.isArray(list) && list.some((r) => typeof r?.address === 'string' && addresses.has(r.address.toLowerCase()));
  } catch {
    return false;
  }
}

/**
 * A person's addresses changed: the already-synced emails with those addresses are linked to (or
 * unlinked from) the person at once, from the local rows, with no Graph call. An email that still
 * carries another of the person's addresses stays linked. Runs in the CRM's transaction.
 */
export async function relinkPersonEmails(trx: Db, change: PersonAddressChange): Promise<void> {
  const touched = await emailsWith(trx, change.workspaceId, [...change.added, ...change.removed]);
  if (!touched.length) return;
  const current = new Set((await trx.selectFrom('person_emails').select('email').where('person_id', '=', change.personId).execute()).map((r) => r.email));
  const ids = touched.map((e) => e.id);
  for (let i = 0; i < ids.length; i += 500) {
    await trx.deleteFrom('email_people').where('person_id', '=', change.personId).where('email_id', 'in', ids.slice(i, i + 500)).execute();
  }
  const links = touched.filter((e) => carries(e, current)).map((e) => ({ email_id: e.id, person_id: change.personId, account_id: e.account_id }));
  for (let i = 0; i < links.length; i += 1000) {
    await trx.insertInto('email_people').values(links.slice(i, i + 1000)).onConflict((oc) => oc.doNothing()).execute();
  }
}
