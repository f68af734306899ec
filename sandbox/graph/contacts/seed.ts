import type { SandboxContext } from '../../core/context.js';
import { FIRST, LAST, DOMAINS } from '../mail/corpus.js';
import { createFolder } from './folderStore.js';
import { newContactChangeKey, newContactId } from './ids.js';
import type { FolderRow, NewContactRow } from './schema.js';
import { childFolders, ensureContacts, stmts } from './store.js';
import { createContact, EMPTY_CONTACT } from './write.js';

const JOBS = ['Account Manager', 'CFO', 'Head of Operations', 'Procurement Lead', 'Engineer', 'Office Manager', 'Sales Director'];

/**
 * The demo user's address book: the people they mail with most (from the mail seed's
 * correspondents) and two outside contacts in the default folder, plus a "Customers" child
 * folder with two more. Small and the same every time, so demos and tests can name them.
 */
export function seedContacts(ctx: SandboxContext, userId: string): void {
  const def = ensureContacts(ctx, userId);
  const people = ctx.db.prepare('SELECT address, name FROM gm_correspondent WHERE user_id = ? ORDER BY sent_to + received_from DESC, address LIMIT 4')
    .all(userId) as Array<{ address: string; name: string }>;
  for (const p of people) {
    const [given = p.name, ...rest] = p.name.split(' ');
    const company = p.address.split('@')[1]!.split('.')[0]!;
    createContact(ctx, def, {
      givenName: given, surname: rest.join(' ') || null, emailAddresses: [{ name: p.name, address: p.address }],
      companyName: company.charAt(0).toUpperCase() + company.slice(1), businessPhones: ['+1 425 555 0100'],
    });
  }
  createContact(ctx, def, {
    givenName: 'Pavel', surname: 'Bansky', emailAddresses: [{ name: 'Pavel Bansky', address: 'pavel.bansky@litwareinc.com' }],
    businessPhones: ['+1 732 555 0102'], companyName: 'Litware', jobTitle: 'Procurement Lead', personalNotes: 'Met at the spring trade fair.',
  });
  createContact(ctx, def, {
    givenName: 'Maria', surname: 'Rossi', emailAddresses: [{ name: 'Maria Rossi', address: 'maria.rossi@proseware.com' }, { name: 'Maria Rossi', address: 'maria@rossi.example' }],
    mobilePhone: '+39 333 555 0147', homePhones: ['+39 06 555 0199'], companyName: 'Proseware', jobTitle: 'CFO',
  });
  const customers = childFolders(ctx.db, userId, def.id).find((f) => f.name === 'Customers') ?? createFolder(ctx, def, 'Customers');
  createContact(ctx, customers, {
    givenName: 'Kwame', surname: 'Okafor', emailAddresses: [{ name: 'Kwame Okafor', address: 'kwame.okafor@tailspintoys.com' }],
    companyName: 'Tailspin Toys', jobTitle: 'Head of Operations', businessPhones: ['+1 206 555 0131'],
  });
  createContact(ctx, customers, {
    givenName: 'Ingrid', surname: 'Johansson', emailAddresses: [{ name: 'Ingrid Johansson', address: 'ingrid.johansson@wingtiptoys.com' }],
    companyName: 'Wingtip Toys', jobTitle: 'Sales Director',
  });
}

export interface GenerateContactsOptions { contacts: number; folders: number }

/**
 * Bulk contacts for benchmarks: `contacts` contacts spread round-robin over `folders` folders,
 * the default folder first, then child folders "Generated 1..n-1" (reused when present). One
 * transaction of prepared inserts and no notifications (like bulk mail and calendar): 10,000
 * contacts take under a second.
 */
export function generateContacts(ctx: SandboxContext, userId: string, o: GenerateContactsOptions): { contacts: number; folders: FolderRow[] } {
  if (!Number.isInteger(o.contacts) || o.contacts < 0 || o.contacts > 1_000_000 || !Number.isInteger(o.folders) || o.folders < 1 || o.folders > 100) {
    throw Object.assign(new Error("'contacts' (0..1,000,000) and 'folders' (1..100) must be integers"), { statusCode: 400 });
  }
  const def = ensureContacts(ctx, userId);
  const { insert } = stmts(ctx.db);
  const now = ctx.now();
  // Folders and contacts in one transaction: a benchmark never sees half a seed.
  return ctx.db.transaction(() => {
    const existing = childFolders(ctx.db, userId, def.id);
    const targets = [def];
    for (let i = 1; i < o.folders; i++) targets.push(existing.find((f) => f.name === `Generated ${i}`) ?? createFolder(ctx, def, `Generated ${i}`));
    let seq = (ctx.db.prepare('SELECT seq FROM gc_owner WHERE user_id = ?').get(userId) as { seq: number }).seq;
    for (let i = 0; i < o.contacts; i++) {
      const first = FIRST[i % FIRST.length]!;
      const last = LAST[Math.floor(i / FIRST.length) % LAST.length]!;
      const domain = DOMAINS[i % DOMAINS.length]!;
      const address = `${first}.${last}${i}@${domain}`.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '');
      const row: NewContactRow = {
        ...EMPTY_CONTACT, user_id: userId, folder_id: targets[i % targets.length]!.id, id: newContactId(),
        given_name: first, surname: last, display_name: `${first} ${last}`,
        emails_json: JSON.stringify([{ name: `${first} ${last}`, address }]),
        business_phones_json: JSON.stringify([`+1 425 555 ${String(i % 10000).padStart(4, '0')}`]),
        company_name: domain.split('.')[0]!, job_title: JOBS[i % JOBS.length]!,
        change_key: newContactChangeKey(), created: now, modified: now, seq: ++seq,
      };
      insert.run(row);
    }
    ctx.db.prepare('UPDATE gc_owner SET seq = ? WHERE user_id = ?').run(seq, userId);
    return { contacts: o.contacts, folders: targets };
  })();
}
