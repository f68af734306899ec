/** Outlook contacts as a user edits them "in Outlook" (the sandbox's control API), and what Tandem made of them. */
import type { MicrosoftTestEnv } from '../helpers/microsoft.js';
import { control, type TestSandbox } from '../helpers/sandbox.js';

export interface SandboxContact {
  id: string;
  changeKey: string;
  displayName: string;
  givenName: string | null;
  surname: string | null;
  emailAddresses: Array<{ address: string; name?: string }>;
  businessPhones: string[];
  mobilePhone: string | null;
  companyName: string | null;
  jobTitle: string | null;
  personalNotes: string | null;
  parentFolderId: string;
  lastModifiedDateTime: string;
}

const base = (user: string) => `/control/contacts/${encodeURIComponent(user)}`;

export const outlookContactCreate = (sb: TestSandbox, user: string, body: Record<string, unknown>) => control<SandboxContact>(sb, 'POST', `${base(user)}/contacts`, body);
export async function outlookContactPatch(sb: TestSandbox, user: string, id: string, body: Record<string, unknown>): Promise<SandboxContact> {
  const res = await sb.fetch(`${sb.urls.control}${base(user)}/contacts/${id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`control PATCH contact -> ${res.status}: ${await res.text()}`);
  return (await res.json()) as SandboxContact;
}
export const outlookContactDelete = (sb: TestSandbox, user: string, id: string) => control(sb, 'DELETE', `${base(user)}/contacts/${id}`);
export const outlookContact = (sb: TestSandbox, user: string, id: string) => control<SandboxContact>(sb, 'GET', `${base(user)}/contacts/${id}`);
export const outlookContacts = async (sb: TestSandbox, user: string) => (await control<{ value: SandboxContact[] }>(sb, 'GET', `${base(user)}/contacts`)).value;
export const outlookFolders = async (sb: TestSandbox, user: string) =>
  (await control<{ value: Array<{ id: string; displayName: string; isDefault: boolean }> }>(sb, 'GET', `${base(user)}/folders`)).value;

/** Graph writes of contacts the sandbox has served (POST, PATCH, DELETE through Graph, not the control API). */
export async function contactWrites(sb: TestSandbox): Promise<number> {
  const stats = await control<{ callsByEndpoint: Record<string, number> }>(sb, 'GET', '/control/mail/stats');
  return Object.entries(stats.callsByEndpoint).filter(([k]) => /^(POST|PATCH|DELETE) \/me\/(contactFolders\/:folderId\/)?contacts/.test(k)).reduce((n, [, v]) => n + v, 0);
}

/** The person a contact of this account is linked to, if any. */
export async function personOfContact(env: MicrosoftTestEnv, accountId: string, graphId: string): Promise<string | undefined> {
  const row = await env.database.db.selectFrom('microsoft_links').select('record_id').where('account_id', '=', accountId).where('resource', '=', 'contacts')
    .where('graph_id', '=', graphId).executeTakeFirst();
  return row?.record_id;
}

export async function peopleCount(env: MicrosoftTestEnv, workspaceId: string): Promise<number> {
  const r = await env.database.db.selectFrom('people').select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', workspaceId).executeTakeFirstOrThrow();
  return Number(r.n);
}
