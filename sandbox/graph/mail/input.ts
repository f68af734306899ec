import { badRequest } from '../http/errors.js';
import type { Address } from './rows.js';

/** Reads a Graph recipient collection (`[{emailAddress:{name,address}}]`) from a request body. */
export function recipients(value: unknown, field: string): Address[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw badRequest(`Property '${field}' must be a collection of recipients.`, 'ErrorInvalidRecipients');
  return value.map((r: unknown) => {
    const email = (r as { emailAddress?: { name?: unknown; address?: unknown } })?.emailAddress;
    if (!email || typeof email.address !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(email.address)) {
      throw badRequest('At least one recipient is not valid.', 'ErrorInvalidRecipients');
    }
    return { name: typeof email.name === 'string' && email.name ? email.name : email.address, address: email.address };
  });
}

export function itemBody(value: unknown): { bodyType: 'text' | 'html'; body: string } {
  if (value === undefined || value === null) return { bodyType: 'text', body: '' };
  const b = value as { contentType?: unknown; content?: unknown };
  const type = typeof b.contentType === 'string' && b.contentType.toLowerCase() === 'html' ? 'html' : 'text';
  return { bodyType: type, body: typeof b.content === 'string' ? b.content : '' };
}

export function importance(value: unknown): 'low' | 'normal' | 'high' | undefined {
  if (value === undefined) return undefined;
  if (value === 'low' || value === 'normal' || value === 'high') return value;
  throw badRequest(`Invalid importance '${String(value)}'.`, 'ErrorInvalidRequest');
}

export function flagStatus(value: unknown): 'notFlagged' | 'flagged' | 'complete' | undefined {
  if (value === undefined) return undefined;
  const status = (value as { flagStatus?: unknown })?.flagStatus;
  if (status === 'notFlagged' || status === 'flagged' || status === 'complete') return status;
  throw badRequest('Invalid flag.', 'ErrorInvalidRequest');
}

export function categories(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((c) => typeof c !== 'string')) throw badRequest('Invalid categories.', 'ErrorInvalidRequest');
  return value as string[];
}
