import { pino, type Logger } from 'pino';

/**
 * Paths that may carry secrets anywhere in a log line. Redaction is the logger's job so that
 * no call site can forget it.
 */
const REDACT = [
  'password', '*.password', 'token', '*.token', 'accessToken', '*.accessToken', 'refreshToken', '*.refreshToken',
  'access_token', '*.access_token', 'refresh_token', '*.refresh_token', 'id_token', '*.id_token',
  'clientSecret', '*.clientSecret', 'client_secret', '*.client_secret', 'clientState', '*.clientState',
  'code', '*.code', 'code_verifier', '*.code_verifier', 'secret', '*.secret',
  'req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', 'headers.authorization',
];

export function createLogger(level: string): Logger {
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' } });
}

export type { Logger };
