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

/** Every address an email was sent from or to, lower-case. */
function addressesOf(email: { from_address: string | null; recipients: string }): string[] {
  const out = email.from_address ? [email.from_address.toLowerCase()] : [];
  try {
    const list = JSON.parse(email.recipients) as Array<{ address?: unknown }>;
    if (Array.isArray(list)) for (const r of list) if (typeof r?.address === 'string') out.push(r.address.toLowerCase());
  } catch {
    // A recipients column the store did not write carries no address.
  }
  return out;
}

/** LIKE terms per query: SQLite nests an OR chain as deep as it is long (its limit is 1000). */
const ADDRESSES_PER_QUERY = 100;

/**
 * People's addresses changed: the already-synced emails with those addresses are linked to (or
 * unlinked from) those people at once, from the local rows, with no Graph call. An email that still
 * carries another of a person's addresses stays linked. Runs in the CRM's transaction, once for
 * all the people of one write (a contacts page makes hundreds): the emails are looked up by every
 * address together, then each person's links are derived again from their current addresses.
 */
export async function relinkPersonEmails(trx: Db, changes: PersonAddressChange[]): Promise<void> {
  for (const workspaceId of new Set(changes.map((c) => c.workspaceId))) {
    const mine = changes.filter((c) => c.workspaceId === workspaceId);
    const addresses = [...new Set(mine.flatMap((c) => [...c.added, ...c.removed]))];
    const touched = new Map<string, Awaited<ReturnType<typeof emailsWith>>[number]>();
    for (let i = 0; i < addresses.length; i += ADDRESSES_PER_QUERY) {
      for (const e of await emailsWith(trx, workspaceId, addresses.slice(i, i + ADDRESSES_PER_QUERY))) touched.set(e.id, e);
    }
    if (!touched.size) continue;
    const people = [...new Set(mine.map((c) => c.personId))];
    // Each changed person's current addresses, keyed by address.
    const holders = new Map<string, string[]>();
    for (let i = 0; i < people.length; i += 500) {
      const rows = await trx.selectFrom('person_emails').select(['person_id', 'email']).where('person_id', 'in', people.slice(i, i + 500)).execute();
      for (const r of rows) holders.set(r.email, [...(holders.get(r.email) ?? []), r.person_id]);
    }
    const ids = [...touched.keys()];
    for (let p = 0; p < people.length; p += 100) {
      for (let i = 0; i < ids.length; i += 500) {
        await trx.deleteFrom('email_people').where('person_id', 'in', people.slice(p, p + 100)).where('email_id', 'in', ids.slice(i, i + 500)).execute();
      }
    }
    // Deleting every (person, touched email) pair and deriving them again covers an email that
    // carries one person's changed address and another person's unchanged one.
    const links = [...touched.values()].flatMap((e) => [...new Set(addressesOf(e).flatMap((a) => holders.get(a) ?? []))]
      .map((p) => ({ email_id: e.id, person_id: p, account_id: e.account_id })));
    for (let i = 0; i < links.length; i += 1000) {
      await trx.insertInto('email_people').values(links.slice(i, i + 1000)).onConflict((oc) => oc.doNothing()).execute();
    }
  }
}
