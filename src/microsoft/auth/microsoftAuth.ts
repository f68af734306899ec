import { randomBytes } from 'node:crypto';
import { CryptoProvider, ResponseMode, type AuthenticationResult, type ConfidentialClientApplication, type INetworkModule } from '@azure/msal-node';
import type { Logger } from '../../lib/log.js';
import { MicrosoftError } from '../graph/errors.js';
import { classifyMsalError } from '../graph/identityErrors.js';
import { AccountCachePlugin } from './accountCachePlugin.js';
import { forBrowser } from './browserLogin.js';
import { alignScopesWithCache } from './cachedScopeForms.js';
import { createMsalApp, type IdentitySettings } from './msalApp.js';
import { SingleFlight } from './singleFlight.js';
import type { TokenCacheStore } from './tokenCacheStore.js';

export interface SignInStart {
  url: string;
  state: string;
  nonce: string;
  codeVerifier: string;
}

export interface ConnectedAccount {
  homeAccountId: string;
  tenantId: string;
  objectId: string;
  username: string;
  name: string | undefined;
}

export interface MicrosoftAuthOptions {
  settings: IdentitySettings;
  networkModule: INetworkModule;
  store: TokenCacheStore;
  log: Logger;
  /** Per-account MSAL apps kept warm (authority metadata is cached per app). */
  maxCachedApps?: number;
}

/** Scope used when refreshing only to keep a grant alive; the token carries every granted Graph scope anyway. */
export const KEEPALIVE_SCOPES = ['User.Read'];
const CAS_RETRIES = 3;

/**
 * Sign-in (authorization code + PKCE) and tokens for connected Microsoft accounts. Each account has
 * its own MSAL cache in the TokenCacheStore; token requests for one account share one refresh in
 * this process, and a refresh that lost a compare-and-set to another process reloads instead of
 * overwriting the newer refresh token.
 */
export class MicrosoftAuth {
  private readonly flights = new SingleFlight();
  private readonly apps = new Map<string, { app: ConfidentialClientApplication; plugin: AccountCachePlugin }>();
  private signInApp: ConfidentialClientApplication | undefined;
  private readonly crypto = new CryptoProvider();

  constructor(private readonly opts: MicrosoftAuthOptions) {}

  async beginSignIn(input: { scopes: string[]; redirectUri: string; loginHint?: string; prompt?: string }): Promise<SignInStart> {
    const { verifier, challenge } = await this.crypto.generatePkceCodes();
    const state = randomBytes(24).toString('base64url');
    const nonce = randomBytes(24).toString('base64url');
    this.signInApp ??= createMsalApp(this.opts.settings, { networkModule: this.opts.networkModule, log: this.opts.log });
    try {
      const url = await this.signInApp.getAuthCodeUrl({
        scopes: input.scopes,
        redirectUri: input.redirectUri,
        state,
        nonce,
        codeChallenge: challenge,
        codeChallengeMethod: 'S256',
        responseMode: ResponseMode.QUERY,
        ...(input.loginHint ? { loginHint: input.loginHint } : {}),
        ...(input.prompt ? { prompt: input.prompt } : {}),
      });
      return { url: forBrowser(url, this.opts.settings), state, nonce, codeVerifier: verifier };
    } catch (e) {
      throw classifyMsalError(e);
    }
  }

  /**
   * Redeems the code into the cache of `accountKey`. The caller has already checked `state`;
   * passing the `nonce` from beginSignIn also checks the ID token's nonce.
   */
  async completeSignIn(input: { code: string; redirectUri: string; codeVerifier: string; scopes: string[]; accountKey: string; nonce?: string }): Promise<{ account: ConnectedAccount; grantedScopes: string[] }> {
    const { app, plugin } = this.appFor(input.accountKey);
    const result = await this.flights.exclusive(input.accountKey, () =>
      this.locked(input.accountKey, async () => {
        plugin.startOperation();
        let r: AuthenticationResult;
        try {
          r = await app.acquireTokenByCode({ code: input.code, redirectUri: input.redirectUri, codeVerifier: input.codeVerifier, scopes: input.scopes });
        } catch (e) {
          throw classifyMsalError(e);
        }
        if (plugin.lostRace) throw new MicrosoftError('transient', 'the account was being signed in elsewhere at the same time');
        return r;
      }),
    );
    if (input.nonce !== undefined && result.idTokenClaims && (result.idTokenClaims as { nonce?: string }).nonce !== input.nonce) {
      throw new MicrosoftError('fatal', 'the ID token nonce does not match this sign-in');
    }
    const a = result.account;
    if (!a) throw new MicrosoftError('fatal', 'the token response carried no account (was openid requested?)');
    const oid = (result.idTokenClaims as { oid?: string } | undefined)?.oid;
    return {
      account: { homeAccountId: a.homeAccountId, tenantId: a.tenantId, objectId: a.localAccountId || oid || '', username: a.username, name: a.name },
      grantedScopes: [...result.scopes],
    };
  }

  /** An access token for Graph; concurrent callers for one account share one refresh. */
  async accessToken(accountKey: string, scopes: string[] = KEEPALIVE_SCOPES, opts: { forceRefresh: boolean } = { forceRefresh: false }): Promise<string> {
    const result = await this.flights.run(accountKey, opts.forceRefresh ? 1 : 0, () =>
      this.locked(accountKey, () => this.silent(accountKey, scopes, opts.forceRefresh)),
    );
    return result.accessToken;
  }

  /** Redeems the refresh token now, so an idle grant rolls forward before it lapses (AADSTS700082). */
  async refreshNow(accountKey: string): Promise<void> {
    await this.accessToken(accountKey, KEEPALIVE_SCOPES, { forceRefresh: true });
  }

  /** The provider GraphClient expects. */
  tokenProvider(scopes: string[] = KEEPALIVE_SCOPES): (accountKey: string, opts: { forceRefresh: boolean }) => Promise<string> {
    return (accountKey, opts) => this.accessToken(accountKey, scopes, opts);
  }

  /** Drops the in-memory MSAL app of an account (on disconnect; the store is the caller's to purge). */
  forget(accountKey: string): void {
    this.apps.delete(accountKey);
  }

  private async silent(accountKey: string, scopes: string[], forceRefresh: boolean): Promise<AuthenticationResult> {
    const { app, plugin } = this.appFor(accountKey);
    let force = forceRefresh;
    for (let attempt = 1; attempt <= CAS_RETRIES; attempt++) {
      plugin.startOperation();
      let result: AuthenticationResult;
      try {
        const [account] = await app.getTokenCache().getAllAccounts();
        if (!account) throw new MicrosoftError('reauthRequired', 'no tokens are stored for this account', { code: 'no_tokens_found' });
        result = await app.acquireTokenSilent({ account, scopes: alignScopesWithCache(app, scopes), forceRefresh: force });
      } catch (e) {
        throw classifyMsalError(e);
      }
      if (!plugin.lostRace) return result;
      // Another process refreshed first and its refresh token is the one kept; use its tokens.
      this.opts.log.info({ accountKey, attempt }, 'token cache changed by another process; reloading');
      force = false;
    }
    throw new MicrosoftError('transient', 'the token cache kept changing during refresh');
  }

  private locked<T>(accountKey: string, fn: () => Promise<T>): Promise<T> {
    const lock = this.opts.store.withLock?.bind(this.opts.store);
    return lock ? lock(accountKey, fn) : fn();
  }

  private appFor(accountKey: string): { app: ConfidentialClientApplication; plugin: AccountCachePlugin } {
    let entry = this.apps.get(accountKey);
    if (entry) {
      // Refresh the LRU position.
      this.apps.delete(accountKey);
      this.apps.set(accountKey, entry);
      return entry;
    }
    const plugin = new AccountCachePlugin(this.opts.store, accountKey);
    const app = createMsalApp(this.opts.settings, { networkModule: this.opts.networkModule, log: this.opts.log, cachePlugin: plugin });
    entry = { app, plugin };
    this.apps.set(accountKey, entry);
    const max = this.opts.maxCachedApps ?? 1000;
    while (this.apps.size > max) this.apps.delete(this.apps.keys().next().value!);
    return entry;
  }
}
