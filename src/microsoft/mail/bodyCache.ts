/**
 * Message bodies live only here: a bounded in-memory LRU (entries, bytes, time to live), never the
 * database. Keys carry the account id so a disconnect can purge one account's bodies, and
 * concurrent reads of the same body share one Graph fetch.
 */
export interface CachedBody {
  contentType: 'html' | 'text';
  content: string;
}

export interface BodyCacheOptions {
  maxEntries: number;
  maxBytes: number;
  ttlMs: number;
  /** Injected in tests. */
  now?: () => number;
}

interface Entry {
  accountId: string;
  body: CachedBody;
  bytes: number;
  expiresAt: number;
}

export interface BodyCacheStats {
  entries: number;
  bytes: number;
  hits: number;
  misses: number;
}

/** UTF-16 code units × 2 approximates what the string costs in V8's heap. */
const sizeOf = (b: CachedBody): number => b.content.length * 2 + 64;

export class BodyCache {
  private readonly entries = new Map<string, Entry>();
  private readonly inflight = new Map<string, Promise<CachedBody>>();
  private bytes = 0;
  private hits = 0;
  private misses = 0;
  /** Bumped per account on purge so a fetch that started before the purge cannot re-add its body. */
  private readonly generations = new Map<string, number>();
  private readonly now: () => number;

  constructor(private readonly opts: BodyCacheOptions) {
    this.now = opts.now ?? Date.now;
  }

  private key(accountId: string, messageId: string): string {
    return `${accountId}\u0000${messageId}`;
  }

  get(accountId: string, messageId: string): CachedBody | undefined {
    const k = this.key(accountId, messageId);
    const e = this.entries.get(k);
    if (!e) return undefined;
    if (e.expiresAt <= this.now()) {
      this.remove(k, e);
      return undefined;
    }
    // Re-insert to mark as most recently used (Map keeps insertion order).
    this.entries.delete(k);
    this.entries.set(k, e);
    return e.body;
  }

  set(accountId: string, messageId: string, body: CachedBody): void {
    const k = this.key(accountId, messageId);
    const old = this.entries.get(k);
    if (old) this.remove(k, old);
    const bytes = sizeOf(body);
    if (this.opts.maxEntries <= 0 || bytes > this.opts.maxBytes) return;
    this.entries.set(k, { accountId, body, bytes, expiresAt: this.now() + this.opts.ttlMs });
    this.bytes += bytes;
    this.evict();
  }

  /** The cached body, or one fetch shared by every concurrent caller; the result is cached. */
  async getOrFetch(accountId: string, messageId: string, fetch: () => Promise<CachedBody>): Promise<{ body: CachedBody; cached: boolean }> {
    const hit = this.get(accountId, messageId);
    if (hit) {
      this.hits++;
      return { body: hit, cached: true };
    }
    this.misses++;
    const k = this.key(accountId, messageId);
    let pending = this.inflight.get(k);
    if (!pending) {
      const generation = this.generations.get(accountId) ?? 0;
      pending = fetch().then((body) => {
        if ((this.generations.get(accountId) ?? 0) === generation) this.set(accountId, messageId, body);
        return body;
      });
      this.inflight.set(k, pending);
      const clear = () => this.inflight.delete(k);
      pending.then(clear, clear);
    }
    return { body: await pending, cached: false };
  }

  delete(accountId: string, messageId: string): void {
    const k = this.key(accountId, messageId);
    const e = this.entries.get(k);
    if (e) this.remove(k, e);
  }

  /** Drops every body of the account; returns how many were dropped. */
  purgeAccount(accountId: string): number {
    this.generations.set(accountId, (this.generations.get(accountId) ?? 0) + 1);
    let n = 0;
    for (const [k, e] of this.entries) {
      if (e.accountId === accountId) {
        this.remove(k, e);
        n++;
      }
    }
    return n;
  }

  countFor(accountId: string): number {
    let n = 0;
    for (const e of this.entries.values()) if (e.accountId === accountId && e.expiresAt > this.now()) n++;
    return n;
  }

  stats(): BodyCacheStats {
    return { entries: this.entries.size, bytes: this.bytes, hits: this.hits, misses: this.misses };
  }

  private remove(k: string, e: Entry): void {
    this.entries.delete(k);
    this.bytes -= e.bytes;
  }

  /** Expired entries first, then least recently used, until both bounds hold. */
  private evict(): void {
    const now = this.now();
    for (const [k, e] of this.entries) if (e.expiresAt <= now) this.remove(k, e);
    for (const [k, e] of this.entries) {
      if (this.entries.size <= this.opts.maxEntries && this.bytes <= this.opts.maxBytes) break;
      this.remove(k, e);
    }
  }
}
