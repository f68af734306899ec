export interface SandboxConfig {
  /** Directory holding the database, CA and signing keys. */
  dataDir: string;
  host: string;
  /** 0 picks a free port. */
  loginPort: number;
  graphPort: number;
  controlPort: number;
  /**
   * The browser-facing sign-in pages (authorize, sign-in, consent, admin consent) on plain HTTP at
   * http://localhost: browsers treat loopback as secure, so a newcomer meets no certificate warning
   * from the sandbox's own CA. Token calls stay on the HTTPS login listener.
   */
  signInPort: number;
  /** Delay before a batch of change notifications is POSTed, in ms. */
  notificationDelayMs: number;
  /** Artificial latency added to every Graph response, in ms. */
  graphLatencyMs: number;
  /** Per-mailbox request budget per 10 minutes. */
  mailboxRequestBudget: number;
  /** Max concurrent requests per app per mailbox. */
  mailboxConcurrency: number;
  /** Seed the demo tenant on first start. */
  seedDemo: boolean;
  /** Deliver a new outside message to each demo user every N ms (0 = off). */
  trickleMs: number;
  /**
   * Apps registered at start: Tandem's launcher registers itself here when it runs the
   * sandbox in-process.
   */
  apps: Array<{ clientId: string; clientSecret: string; redirectUris: string[]; displayName: string }>;
  /**
   * Public base URLs when the sandbox sits behind a proxy (SANDBOX_PUBLIC_LOGIN_URL and
   * SANDBOX_PUBLIC_GRAPH_URL); without them, links and issuers use the host each request came to.
   */
  publicLoginUrl?: string;
  publicGraphUrl?: string;
  /** Identity-platform lifetimes; tests shorten them instead of waiting. */
  identity?: IdentityTuning;
}

export interface IdentityTuning {
  /** Authorization code life (Microsoft: about 10 minutes). */
  codeLifetimeSec?: number;
  /** Access token life (Microsoft: 60-90 minutes); the control API can change it at run time. */
  accessTokenLifetimeSec?: number;
  /** A refresh token unused for this long fails with AADSTS700082 (Microsoft: 90 days). */
  refreshIdleSec?: number;
}

export const defaultSandboxConfig = (dataDir: string): SandboxConfig => ({
  dataDir,
  host: '127.0.0.1',
  loginPort: 0,
  graphPort: 0,
  controlPort: 0,
  signInPort: 0,
  notificationDelayMs: 500,
  graphLatencyMs: 0,
  mailboxRequestBudget: 10_000,
  mailboxConcurrency: 4,
  seedDemo: false,
  trickleMs: 0,
  apps: [],
});
