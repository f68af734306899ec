import { onPersonAddressesChanged } from '../../../crm/personAddresses.js';
import { relinkPersonEmails } from '../../../microsoft/sync/mail/personLinks.js';
import { BodyCache } from '../../../microsoft/mail/bodyCache.js';
import { OutOfOfficeLookup } from '../../../microsoft/mail/mailTips.js';
import type { MicrosoftIntegration } from '../integration.js';
import type { InboxDeps } from './deps.js';
import { mailDisconnectSteps, subscribeToPurges } from './disconnectMail.js';

/** Inbox state of one process: reachable from tests through the integration object. */
const installed = new WeakMap<MicrosoftIntegration, InboxDeps>();

export function inboxOf(integration: MicrosoftIntegration): InboxDeps | undefined {
  return installed.get(integration);
}

/**
 * Installs the inbox's use cases (served by src/http/routes/mail), the body cache (with its
 * cross-process purge), the mail disconnect steps, and the relinking of emails when a person's
 * addresses change.
 */
export function installInbox(integration: MicrosoftIntegration): void {
  const deps: InboxDeps = {
    integration,
    bodies: new BodyCache(integration.config.bodyCache),
    outOfOffice: new OutOfOfficeLookup(integration.graph),
  };
  installed.set(integration, deps);
  const unsubscribe = subscribeToPurges(deps);
  const close = integration.close;
  integration.close = async () => {
    unsubscribe();
    await close();
  };
  integration.disconnectSteps.push(...mailDisconnectSteps(deps));
  // A person's timeline shows the mail already synced for a new address without waiting for a sync run.
  onPersonAddressesChanged('mail', relinkPersonEmails);
}
