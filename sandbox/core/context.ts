import type { TokenVerifier } from './auth.js';
import type { SandboxConfig } from './config.js';
import type { SandboxDb } from './db.js';
import type { DirectoryReader } from './directory.js';
import type { ChangeBus } from './events.js';

/** What every sandbox module is given. Modules talk to each other only through this. */
export interface SandboxContext {
  config: SandboxConfig;
  db: SandboxDb;
  bus: ChangeBus;
  tokens: TokenVerifier;
  directory: DirectoryReader;
  /** Public base URLs, known once the listeners are bound. */
  urls: { login: string; graph: string; control: string };
  now(): number;
}
