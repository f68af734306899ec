import { ConfidentialClientApplication, LogLevel, type ICachePlugin, type INetworkModule } from '@azure/msal-node';
import type { Logger } from '../../lib/log.js';

export interface IdentitySettings {
  clientId: string;
  clientSecret: string;
  /** common, organizations, a tenant id or a verified domain. */
  tenant: string;
  /** e.g. https://login.microsoftonline.com, or a national cloud's, or a compatible identity platform's. */
  loginUrl: string;
  /** Where the browser signs in, when not at loginUrl (the sandbox's loopback pages); see browserLogin.ts. */
  browserLoginUrl?: string;
}

/**
 * Microsoft's own sign-in hosts. For these MSAL keeps its default instance discovery; any other host
 * is declared a known authority so MSAL reads its metadata from the host itself and never asks
 * Microsoft about it.
 */
const MICROSOFT_LOGIN_HOSTS = new Set([
  'login.microsoftonline.com', 'login.microsoft.com', 'login.windows.net', 'sts.windows.net',
  'login.microsoftonline.us', 'login.usgovcloudapi.net', 'login.chinacloudapi.cn', 'login.partner.microsoftonline.cn',
  'login.microsoftonline.de',
]);

export function authorityFor(settings: Pick<IdentitySettings, 'loginUrl' | 'tenant'>): string {
  return `${settings.loginUrl.replace(/\/+$/, '')}/${settings.tenant}`;
}

export function knownAuthoritiesFor(loginUrl: string): string[] | undefined {
  const host = new URL(loginUrl).host;
  return MICROSOFT_LOGIN_HOSTS.has(host.toLowerCase()) ? undefined : [host];
}

export function createMsalApp(
  settings: IdentitySettings,
  deps: { networkModule: INetworkModule; log: Logger; cachePlugin?: ICachePlugin },
): ConfidentialClientApplication {
  const knownAuthorities = knownAuthoritiesFor(settings.loginUrl);
  return new ConfidentialClientApplication({
    auth: {
      clientId: settings.clientId,
      clientSecret: settings.clientSecret,
      authority: authorityFor(settings),
      ...(knownAuthorities ? { knownAuthorities } : {}),
    },
    ...(deps.cachePlugin ? { cache: { cachePlugin: deps.cachePlugin } } : {}),
    system: {
      networkClient: deps.networkModule,
      loggerOptions: {
        logLevel: LogLevel.Warning,
        piiLoggingEnabled: false,
        loggerCallback: (level, message, containsPii) => {
          if (containsPii) return;
          if (level === LogLevel.Error) deps.log.error({ msal: true }, message);
          else deps.log.warn({ msal: true }, message);
        },
      },
    },
  });
}
