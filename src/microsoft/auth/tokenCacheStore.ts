/**
 * Where each account's serialized MSAL token cache lives. The implementation encrypts at rest
 * (the integration wires it to the database with SecretBox). Writes are compare-and-set on a
 * version, so a process that refreshed from an older cache can never overwrite a newer refresh token.
 */
export interface TokenCacheStore {
  load(accountKey: string): Promise<{ data: string; version: number } | null>;
  /**
   * Writes `data` only if the stored version still equals `expectedVersion` (null: nothing stored yet).
   * Returns false when someone else wrote first.
   */
  save(accountKey: string, data: string, expectedVersion: number | null): Promise<boolean>;
  /**
   * Optional cross-process exclusion per account (e.g. a database advisory lock), so at most one
   * refresh per account is in flight across processes. Without it, compare-and-set still keeps the
   * newest refresh token.
   */
  withLock?<T>(accountKey: string, fn: () => Promise<T>): Promise<T>;
}

/** An in-process store: for tests and single-process tools. Versions start at 1. */
export class MemoryTokenCacheStore implements TokenCacheStore {
  readonly rows = new Map<string, { data: string; version: number }>();
  saves = 0;

  async load(accountKey: string): Promise<{ data: string; version: number } | null> {
    const row = this.rows.get(accountKey);
    return row ? { ...row } : null;
  }

  async save(accountKey: string, data: string, expectedVersion: number | null): Promise<boolean> {
    const current = this.rows.get(accountKey)?.version ?? null;
    if (current !== expectedVersion) return false;
    this.rows.set(accountKey, { data, version: (current ?? 0) + 1 });
    this.saves++;
    return true;
  }

  async delete(accountKey: string): Promise<void> {
    this.rows.delete(accountKey);
  }
}
