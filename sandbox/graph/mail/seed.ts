// Placeholder so seeding composes before the mail store lands; replaced by its owner.
import type { SandboxContext } from '../../core/context.js';

export interface OutsideMail {
  from: { name: string; address: string };
  subject: string;
  body: string;
  /** Defaults to now. */
  receivedDateTime?: string;
}

/** Delivers one message from outside the tenant into the user's inbox; returns its id. */
export function deliverOutsideMail(_ctx: SandboxContext, _userId: string, _mail: OutsideMail): string {
  throw new Error('mail store not built yet');
}

/** Generates realistic mail spread over the user's folders and correspondents. */
export function generateMailbox(_ctx: SandboxContext, _userId: string, _count: number): void {
  throw new Error('mail store not built yet');
}
