/** The sandbox's OneDrive control API (sandbox/docs/control-files.md) for the files tests. */
import { feature } from '../../src/microsoft/catalogue.js';
import { control, type TestSandbox } from '../helpers/sandbox.js';

export interface SandboxItem { id: string; name: string; parentReference: { driveId: string; id: string } }

/**
 * OneDrive and SharePoint are "coming soon" until the lead turns them on with the web panel; the
 * files tests run the server in this process, so they turn them on here, for this process only.
 */
export function offerFilesFeatures(): void {
  for (const id of ['onedrive', 'sharepoint'] as const) (feature(id) as { available: boolean }).available = true;
}

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
