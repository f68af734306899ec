/**
 * What a Graph endpoint learns from a bearer token. The identity module issues access tokens
 * as RS256 JWTs shaped like Microsoft's (aud https://graph.microsoft.com, scp space-separated,
 * oid, tid, appid) and is the only module that can verify them.
 */
export interface AccessClaims {
  tenantId: string;
  userId: string;
  appId: string;
  scopes: Set<string>;
  upn: string;
  expiresAt: number;
}

export interface TokenVerifier {
  /** Returns null for a token that is malformed, badly signed, expired or revoked. */
  verify(bearer: string): AccessClaims | null;
}
