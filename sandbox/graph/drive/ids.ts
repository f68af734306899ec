import { randomBytes, randomUUID } from 'node:crypto';
import { pooledBytes as bytes } from '../../core/randomPool.js';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function base32(b: Buffer): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of b) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return bits > 0 ? out + BASE32[(value << (5 - bits)) & 31] : out;
}

/** OneDrive for Business item ids: 34 upper-case characters starting `01`. */
export const newItemId = (): string => `01${base32(bytes(20))}`;
/** Drive ids: `b!` and 64 base64url characters, as SharePoint's. */
export const newDriveId = (): string => `b!${bytes(48).toString('base64url')}`;
/** The GUID an item's eTag and cTag carry, in SharePoint's upper-case braces form. */
export const newItemGuid = (): string => randomUUID().toUpperCase();
export const newSecret = (): string => randomBytes(24).toString('base64url');

export const eTagOf = (guid: string, version: number): string => `"{${guid}},${version}"`;
export const cTagOf = (guid: string, version: number): string => `"c:{${guid}},${version}"`;

/**
 * The SharePoint host name of a tenant, from a verified domain: `contoso.onmicrosoft.com` →
 * `contoso`. OneDrive lives on `{label}-my.sharepoint.com`, sites on `{label}.sharepoint.com`.
 */
export function tenantLabel(domain: string): string {
  return (domain.toLowerCase().split('.')[0] ?? 'tenant').replace(/[^a-z0-9-]/g, '') || 'tenant';
}
