import type { MailTips } from '@microsoft/microsoft-graph-types';
import type { GraphClient } from '../graph/client.js';

/**
 * Out-of-office for colleagues, from getMailTips (automaticReplies). MailboxSettings.Read cannot
 * read another user's settings with a delegated token, so getMailTips is the way (Mail.Read, which
 * Mail.ReadWrite covers). Answers are cached per account and address for a few minutes: badges
 * are shown on every people page and compose keystroke, and a stale badge for minutes is harmless.
 */
export interface OutOfOffice {
  address: string;
  isOutOfOffice: boolean;
  message: string | null;
}

export const MAX_MAILTIPS_ADDRESSES = 20;

export interface MailTipsCacheOptions {
  ttlMs?: number;
  maxEntries?: number;
  now?: () => number;
}

export class OutOfOfficeLookup {
  private readonly cache = new Map<string, { value: OutOfOffice; expiresAt: number }>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(private readonly graph: GraphClient, opts: MailTipsCacheOptions = {}) {
    this.ttlMs = opts.ttlMs ?? 5 * 60_000;
    this.maxEntries = opts.maxEntries ?? 10_000;
    this.now = opts.now ?? Date.now;
  }

  /** One getMailTips call for the addresses not in the cache; answers in the order asked. */
  async lookup(accountId: string, addresses: string[]): Promise<OutOfOffice[]> {
    const wanted = [...new Set(addresses.map((a) => a.trim().toLowerCase()))].slice(0, MAX_MAILTIPS_ADDRESSES);
    const found = new Map<string, OutOfOffice>();
    const missing: string[] = [];
    for (const address of wanted) {
      const hit = this.cache.get(`${accountId}\u0000${address}`);
      if (hit && hit.expiresAt > this.now()) found.set(address, hit.value);
      else missing.push(address);
    }
    if (missing.length) {
      const res = await this.graph.request<{ value?: MailTips[] }>(accountId, {
        method: 'POST',
        path: '/me/getMailTips',
        body: { EmailAddresses: missing, MailTipsOptions: 'automaticReplies' },
      });
      const tips = new Map((res.body?.value ?? []).map((t) => [t.emailAddress?.address?.toLowerCase() ?? '', t]));
      for (const address of missing) {
        const value = toOutOfOffice(address, tips.get(address));
        found.set(address, value);
        this.remember(`${accountId}\u0000${address}`, value);
      }
    }
    return wanted.map((a) => found.get(a)!);
  }

  purgeAccount(accountId: string): void {
    for (const k of this.cache.keys()) if (k.startsWith(`${accountId}\u0000`)) this.cache.delete(k);
  }

  private remember(key: string, value: OutOfOffice): void {
    this.cache.delete(key);
    this.cache.set(key, { value, expiresAt: this.now() + this.ttlMs });
    while (this.cache.size > this.maxEntries) this.cache.delete(this.cache.keys().next().value!);
  }
}

/** An unknown recipient (outside the tenant) carries an error and no automatic reply: not out of office. */
function toOutOfOffice(address: string, tip: MailTips | undefined): OutOfOffice {
  const message = tip?.automaticReplies?.message ?? '';
  return { address, isOutOfOffice: message.trim() !== '', message: message.trim() !== '' ? message : null };
}
