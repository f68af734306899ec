import forge from 'node-forge';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The sandbox's own CA and the server certificate it signed for the loopback names. */
export interface SandboxTls {
  caPem: string;
  caFile: string;
  certPem: string;
  keyPem: string;
}

const DAY_MS = 86_400_000;

function rsaKeyPair(): { privatePem: string; publicPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

function baseCert(publicPem: string, days: number): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicPem);
  // A positive serial: a leading 0x01 keeps the high bit clear.
  cert.serialNumber = '01' + randomBytes(15).toString('hex');
  cert.validity.notBefore = new Date(Date.now() - DAY_MS);
  cert.validity.notAfter = new Date(Date.now() + days * DAY_MS);
  return cert;
}

function createCa(): { certPem: string; keyPem: string } {
  const keys = rsaKeyPair();
  const cert = baseCert(keys.publicPem, 3650);
  const subject = [{ name: 'commonName', value: 'Tandem Sandbox Local CA' }, { name: 'organizationName', value: 'Tandem Sandbox' }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(keys.privatePem), forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: keys.privatePem };
}

function createServerCert(caCertPem: string, caKeyPem: string): { certPem: string; keyPem: string } {
  const caCert = forge.pki.certificateFromPem(caCertPem);
  const keys = rsaKeyPair();
  const cert = baseCert(keys.publicPem, 730);
  cert.setSubject([{ name: 'commonName', value: 'localhost' }]);
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }, { type: 7, ip: '::1' }] },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(caKeyPem), forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: keys.privatePem };
}

function stillValid(certPem: string): boolean {
  const cert = forge.pki.certificateFromPem(certPem);
  return cert.validity.notAfter.getTime() > Date.now() + DAY_MS;
}

/**
 * Loads `<dataDir>/tls/` or creates it on first start. The CA is kept across restarts so that a
 * client told to trust ca.pem once keeps trusting the sandbox; the server certificate is
 * re-issued only when it nears expiry.
 */
export function ensureTls(dataDir: string): SandboxTls {
  const dir = join(dataDir, 'tls');
  mkdirSync(dir, { recursive: true });
  const caFile = join(dir, 'ca.pem');
  const caKeyFile = join(dir, 'ca-key.pem');
  const certFile = join(dir, 'server.pem');
  const keyFile = join(dir, 'server-key.pem');

  if (!existsSync(caFile) || !existsSync(caKeyFile) || !stillValid(readFileSync(caFile, 'utf8'))) {
    const ca = createCa();
    writeFileSync(caKeyFile, ca.keyPem, { mode: 0o600 });
    writeFileSync(caFile, ca.certPem);
    writeFileSync(certFile, '');
  }
  const caPem = readFileSync(caFile, 'utf8');
  const certText = existsSync(certFile) ? readFileSync(certFile, 'utf8') : '';
  if (!certText || !existsSync(keyFile) || !stillValid(certText)) {
    const server = createServerCert(caPem, readFileSync(caKeyFile, 'utf8'));
    writeFileSync(keyFile, server.keyPem, { mode: 0o600 });
    writeFileSync(certFile, server.certPem);
  }
  return { caPem, caFile, certPem: readFileSync(certFile, 'utf8'), keyPem: readFileSync(keyFile, 'utf8') };
}
