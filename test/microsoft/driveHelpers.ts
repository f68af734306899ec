/** The sandbox's OneDrive control API (sandbox/docs/control-files.md) for the files tests. */
import { randomBytes } from 'node:crypto';
import { createCompany } from '../../src/crm/companies.js';
import { newId } from '../../src/lib/ids.js';
import type { SyncContext } from '../../src/microsoft/sync/contract.js';
import { control, type TestSandbox } from '../helpers/sandbox.js';

export interface SandboxItem { id: string; name: string; parentReference: { driveId: string; id: string } }

export async function addDriveFile(sb: TestSandbox, drive: string, path: string, content = 'hello'): Promise<SandboxItem> {
  return control<SandboxItem>(sb, 'POST', `/control/files/${encodeURIComponent(drive)}/items`, { path, content });
}

/** PATCH (rename, move, new content): the control helper has no PATCH. */
export async function changeDriveItem(sb: TestSandbox, drive: string, itemId: string, body: { name?: string; parentPath?: string; content?: string }): Promise<SandboxItem> {
  const res = await sb.fetch(`${sb.urls.control}/control/files/${encodeURIComponent(drive)}/items/${encodeURIComponent(itemId)}`, {
    method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`control PATCH -> ${res.status}: ${text}`);
  return JSON.parse(text) as SandboxItem;
}

export async function deleteDriveItem(sb: TestSandbox, drive: string, itemId: string): Promise<void> {
  await control(sb, 'DELETE', `/control/files/${encodeURIComponent(drive)}/items/${encodeURIComponent(itemId)}`);
}

/** The contract suite's files: made in the sandbox's OneDrive and linked to a record, not yet confirmed by a delta. */
export const driveContractLinks = {
  async seed(sb: TestSandbox, drive: string, n: number, ctx: SyncContext): Promise<void> {
    const path = `Seed ${randomBytes(3).toString('hex')}`;
    await control(sb, 'POST', `/control/files/${drive}/bulk`, { path, files: n });
    const listed = await control<{ value: SandboxItem[] }>(sb, 'GET', `/control/files/${drive}/items?path=${encodeURIComponent(path)}`);
    const company = await createCompany(ctx.db, ctx.account.workspaceId, { name: path });
    for (const item of listed.value) await linkUnconfirmed(ctx, item, company.id);
  },
  async add(sb: TestSandbox, drive: string, ctx: SyncContext): Promise<void> {
    const name = `Added ${randomBytes(3).toString('hex')}.txt`;
    const company = await createCompany(ctx.db, ctx.account.workspaceId, { name });
    await linkUnconfirmed(ctx, await addDriveFile(sb, drive, name), company.id);
  },
};

/** Linked to a real record: the drive resource drops links whose record is gone. */
async function linkUnconfirmed(ctx: SyncContext, item: SandboxItem, companyId: string): Promise<void> {
  const t = new Date().toISOString();
  await ctx.db.insertInto('file_links').values({
    id: newId(), workspace_id: ctx.account.workspaceId, record_type: 'company', record_id: companyId, account_id: ctx.account.id,
    user_id: ctx.account.userId, source: 'onedrive', drive_id: item.parentReference.driveId, item_id: item.id, name: 'unconfirmed', kind: 'file',
    mime_type: null, size: null, web_url: '', parent_path: null, modified_at: null, modified_by: null, etag: null, state: 'present',
    checked_at: null, created_at: t, updated_at: t,
  }).execute();
}
