import { randomUUID } from 'node:crypto';
import type { SandboxDb } from '../core/db.js';
import { checkSecret, hashSecret, randomToken } from './secrets.js';

export interface AppRegistration {
  clientId: string;
  displayName: string;
  redirectUris: string[];
}

interface AppRow { client_id: string; display_name: string; secret_hash: string; redirect_uris: string }

const toApp = (r: AppRow): AppRegistration => ({ clientId: r.client_id, displayName: r.display_name, redirectUris: JSON.parse(r.redirect_uris) as string[] });

/** App registrations (multi-tenant web apps with one client secret). */
export class Apps {
  constructor(private readonly db: SandboxDb) {}

  /**
   * Registers the app, or updates it when the client id exists (so a launcher can register
   * itself on every start). Returns the secret, generated when none is given.
   */
  register(input: { clientId?: string; clientSecret?: string; displayName?: string; redirectUris: string[] }): AppRegistration & { clientSecret: string } {
    const clientId = input.clientId ?? randomUUID();
    const clientSecret = input.clientSecret ?? randomToken(30);
    const displayName = input.displayName ?? 'Sandbox app';
    this.db.prepare(`INSERT INTO id_apps (client_id, display_name, secret_hash, redirect_uris, created_at) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT(client_id) DO UPDATE SET display_name = excluded.display_name, secret_hash = excluded.secret_hash, redirect_uris = excluded.redirect_uris`)
      .run(clientId, displayName, hashSecret(clientSecret), JSON.stringify(input.redirectUris), new Date().toISOString());
    return { ...this.get(clientId)!, clientSecret };
  }

  get(clientId: string): AppRegistration | undefined {
    const row = this.db.prepare('SELECT * FROM id_apps WHERE client_id = ?').get(clientId) as AppRow | undefined;
    return row && toApp(row);
  }

  list(): AppRegistration[] {
    return (this.db.prepare('SELECT * FROM id_apps ORDER BY created_at').all() as AppRow[]).map(toApp);
  }

  checkSecret(clientId: string, secret: string): boolean {
    const row = this.db.prepare('SELECT secret_hash FROM id_apps WHERE client_id = ?').get(clientId) as { secret_hash: string } | undefined;
    return !!row && checkSecret(secret, row.secret_hash);
  }
}
