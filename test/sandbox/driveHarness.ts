import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SandboxConfig } from '../../sandbox/core/config.js';
import { startGraphHarness, type GraphHarness, type Reply } from './graphHarness.js';
import { followDelta } from './deltaRound.js';

/** Helpers shared by the files and sites conformance tests (graph-drive*, graph-sites*). */
export const FILES_RW = ['Files.ReadWrite', 'User.Read'];
export const FILES_R = ['Files.Read', 'User.Read'];

export interface DriveItem {
  id: string;
  name: string;
  size: number;
  eTag: string;
  cTag?: string;
  webUrl: string;
  createdDateTime: string;
  lastModifiedDateTime: string;
  createdBy: { user: { id?: string; displayName: string } };
  lastModifiedBy: { user: { id?: string; displayName: string } };
  parentReference: { driveId: string; driveType: string; id?: string; path?: string };
  file?: { mimeType: string; hashes: { quickXorHash: string } };
  folder?: { childCount: number };
  root?: object;
  deleted?: { state: string };
  '@microsoft.graph.downloadUrl'?: string;
  [k: string]: unknown;
}
export interface Page<T = DriveItem> { value: T[]; '@odata.nextLink'?: string; '@odata.deltaLink'?: string }
export interface GraphErr { error: { code: string; message: string } }

export interface DriveHarness extends GraphHarness {
  dataDir: string;
  /** A request with a raw body (uploads) and no JSON content type; `token` null sends no Authorization. */
  raw(method: string, url: string, token: string | null, body?: Buffer | string, headers?: Record<string, string>): Promise<Reply<unknown>>;
}

/** The Graph-only harness with a real data directory (file content lives on disk). */
export async function startDriveHarness(config: Partial<SandboxConfig> = {}): Promise<DriveHarness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tandem-drive-'));
  const h = await startGraphHarness({ dataDir, ...config });
  // Count every delta item once: the tests that page through delta switch replays off.
  await h.ctl('PUT', '/control/delta/replays', { resource: 'drive', mode: 'off' });
  return {
    ...h, dataDir,
    async raw(method, url, token, body, headers = {}) {
      const path = url.replace(/^https:\/\/graph\.test/, '');
      const res = await h.app.inject({
        method: method as 'PUT', url: path,
        headers: { host: 'graph.test', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
        ...(body !== undefined ? { payload: body } : {}),
      });
      const type = String(res.headers['content-type'] ?? '');
      return { status: res.statusCode, headers: res.headers, body: type.includes('json') && res.payload ? JSON.parse(res.payload) : res.rawPayload };
    },
    async close() {
      await h.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** PUT …/content with a text body; asserts the status (201 new, 200 replaced by default either). */
export async function upload(h: DriveHarness, token: string, path: string, content: string | Buffer, status?: number): Promise<DriveItem> {
  const r = await h.raw('PUT', `/v1.0/me/drive/root:/${path}:/content`, token, content, { 'content-type': 'application/octet-stream' });
  if (status) assert.equal(r.status, status, JSON.stringify(r.body));
  else assert.ok(r.status === 201 || r.status === 200, JSON.stringify(r.body));
  return r.body as DriveItem;
}

export async function folder(h: DriveHarness, token: string, parentPath: string, name: string, behavior?: string): Promise<Reply<DriveItem & GraphErr>> {
  const url = parentPath ? `/v1.0/me/drive/root:/${parentPath}:/children` : '/v1.0/me/drive/root/children';
  return h.call<DriveItem & GraphErr>('POST', url, token, { body: { name, folder: {}, ...(behavior ? { '@microsoft.graph.conflictBehavior': behavior } : {}) } });
}

/** Follows nextLinks to the deltaLink; returns the items and the pages. */
export const driveDelta = (h: GraphHarness, token: string, url: string, headers: Record<string, string> = {}) => followDelta<DriveItem>(h, token, url, headers);

export function assertGraphError(r: Reply<unknown>, status: number, code: string, what = ''): void {
  assert.equal(r.status, status, `${what} ${JSON.stringify(r.body)}`);
  assert.equal((r.body as GraphErr).error.code, code, what);
}
