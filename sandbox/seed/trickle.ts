import type { SandboxContext } from '../core/context.js';
import { deliverOutsideMail } from '../graph/mail/seed.js';
import type { IdentityPlatform } from '../identity/platform.js';

const SENDERS = [
  { name: 'Priya Natarajan', address: 'priya@northwindtraders.com' },
  { name: 'Tomás Ortega', address: 'tomas.ortega@litware.example' },
  { name: 'Hannah Becker', address: 'h.becker@adatum.example' },
  { name: 'Kenji Watanabe', address: 'kenji@wingtiptoys.example' },
];
const SUBJECTS = ['Quick question about the renewal', 'Follow-up from our call', 'Updated quote attached', 'Can we move Thursday?', 'Intro: our new account manager'];

/**
 * For demos: every `everyMs`, one message from an outside sender lands in each Contoso user's
 * inbox. Returns a function that stops it.
 */
export function startTrickle(ctx: SandboxContext, identity: IdentityPlatform, everyMs: number): () => void {
  let n = 0;
  const timer = setInterval(() => {
    const tenant = identity.directory.tenant('contoso.onmicrosoft.com');
    if (!tenant) return;
    for (const user of ctx.directory.usersInTenant(tenant.id)) {
      n += 1;
      const from = SENDERS[n % SENDERS.length]!;
      const subject = SUBJECTS[n % SUBJECTS.length]!;
      try {
        deliverOutsideMail(ctx, user.id, { from, subject, body: `Hi ${user.displayName.split(' ')[0]},\n\n${subject}. Let me know what you think.\n\n${from.name}` });
      } catch {
        // Mail store not available in this build: nothing to trickle into.
      }
    }
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
