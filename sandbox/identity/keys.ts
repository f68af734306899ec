import { createHash, createPrivateKey, createPublicKey, createSign, createVerify, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Jwk {
  kty: string;
  use: 'sig';
  kid: string;
  x5t: string;
  n: string;
  e: string;
  issuer?: string;
}

/** The token-signing key, persisted so tokens issued before a restart still verify after it. */
export class SigningKey {
  readonly kid: string;
  private readonly publicKey: KeyObject;

  private constructor(private readonly privateKey: KeyObject) {
    this.publicKey = createPublicKey(privateKey);
    const der = this.publicKey.export({ type: 'spki', format: 'der' });
    this.kid = createHash('sha1').update(der).digest('base64url');
  }

  static load(dataDir: string): SigningKey {
    const dir = join(dataDir, 'keys');
    const file = join(dir, 'token-signing-key.pem');
    if (!existsSync(file)) {
      mkdirSync(dir, { recursive: true });
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    }
    return new SigningKey(createPrivateKey(readFileSync(file, 'utf8')));
  }

  jwk(): Jwk {
    const { n, e, kty } = this.publicKey.export({ format: 'jwk' });
    return { kty: kty ?? 'RSA', use: 'sig', kid: this.kid, x5t: this.kid, n: n ?? '', e: e ?? '' };
  }

  sign(payload: object): string {
    const header = { typ: 'JWT', alg: 'RS256', kid: this.kid, x5t: this.kid };
    const input = `${b64(header)}.${b64(payload)}`;
    const signature = createSign('RSA-SHA256').update(input).sign(this.privateKey, 'base64url');
    return `${input}.${signature}`;
  }

  /** The payload of a JWT signed by this key, or null. Claims are the caller's to check. */
  verify(jwt: string): Record<string, unknown> | null {
    const parts = jwt.split('.');
    if (parts.length !== 3) return null;
    const [h, p, s] = parts as [string, string, string];
    try {
      const header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as { alg?: string; kid?: string };
      if (header.alg !== 'RS256' || header.kid !== this.kid) return null;
      if (!createVerify('RSA-SHA256').update(`${h}.${p}`).verify(this.publicKey, s, 'base64url')) return null;
      return JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Record<string, unknown>;
    } catch {
      return null;
    }
  }
}

function b64(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
