export { MicrosoftAuth, KEEPALIVE_SCOPES, type ConnectedAccount, type MicrosoftAuthOptions, type SignInStart } from './microsoftAuth.js';
export { adminConsentUrl, parseAdminConsentCallback, type AdminConsentCallback } from './adminConsent.js';
export { MemoryTokenCacheStore, type TokenCacheStore } from './tokenCacheStore.js';
export { checkBrowserLoginUrl } from './browserLogin.js';
export { authorityFor, createMsalApp, knownAuthoritiesFor, type IdentitySettings } from './msalApp.js';
