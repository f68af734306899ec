import type { ICachePlugin, TokenCacheContext } from '@azure/msal-node';
import type { TokenCacheStore } from './tokenCacheStore.js';

const EMPTY_CACHE = JSON.stringify({ Account: {}, IdToken: {}, AccessToken: {}, RefreshToken: {}, AppMetadata: {} });

/**
 * MSAL cache plugin for ONE account key. MSAL reads the cache before an operation and again just
 * before saving a token response; the version seen by the first read of an operation is the one a
 * write must match. If the stored cache moved on in between (another process refreshed), this
 * operation's tokens are not persisted and `lostRace` tells the caller to reload and retry.
 */
export class AccountCachePlugin implements ICachePlugin {
  /** undefined: not read yet in this operation; null: read, nothing stored. */
  private baseVersion: number | null | undefined = undefined;
  lostRace = false;

  constructor(
    private readonly store: TokenCacheStore,
    readonly accountKey: string,
  ) {}

  /** Call before each MSAL operation (they are serialized per account by the caller). */
  startOperation(): void {
    this.baseVersion = undefined;
    this.lostRace = false;
  }

  async beforeCacheAccess(ctx: TokenCacheContext): Promise<void> {
    const row = await this.store.load(this.accountKey);
    const version = row ? row.version : null;
    if (this.baseVersion === undefined) this.baseVersion = version;
    else if (version !== this.baseVersion) this.lostRace = true;
    // Replace the in-memory cache wholesale: the store is the only truth.
    ctx.tokenCache.deserialize(row ? row.data : EMPTY_CACHE);
  }

  async afterCacheAccess(ctx: TokenCacheContext): Promise<void> {
    if (!ctx.cacheHasChanged || this.lostRace) return;
    const ok = await this.store.save(this.accountKey, ctx.tokenCache.serialize(), this.baseVersion ?? null);
    if (ok) this.baseVersion = undefined;
    else this.lostRace = true;
  }
}
