import { displayName, domainOf, isRobotAddress, isUsableAddress } from './addressRules.js';
import type { PeopleFromMailSettings } from './settings.js';

/** A synced message as the job reads it (emails row columns). */
export interface ScannedEmail {
  folder_graph_id: string;
  from_name: string | null;
  from_address: string | null;
  /** JSON array of {name, address, kind: 'to'|'cc'|'bcc'}, as the mail store writes it. */
  recipients: string;
}

export interface Mailbox {
  /** The mailbox owner's addresses (lower-case): never a person. */
  own: Set<string>;
  /** The owner's domain: colleagues share it. */
  domain: string;
  /** The Sent Items folder's Graph id, when known. */
  sentFolders: Set<string>;
}

interface Party { name: string | null; address: string; kind?: string }

function recipientsOf(email: ScannedEmail): Party[] {
  try {
    const list = JSON.parse(email.recipients) as Party[];
    return Array.isArray(list) ? list.filter((r) => typeof r?.address === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * The addresses a batch of messages makes people for, with the name mail gave each (null: none).
 * 'sent': the To and Cc of mail the owner sent (in Sent Items, or from one of their addresses;
 * Bcc stays private). 'all': also who sent the owner mail and who else it went to. Never the
 * owner, robots (no-reply, bounces, notifications), addresses the CRM would refuse, or colleagues
 * at the owner's domain unless the workspace asked for them.
 */
export function candidatesOf(emails: ScannedEmail[], settings: PeopleFromMailSettings, mailbox: Mailbox): Map<string, string | null> {
  const out = new Map<string, string | null>();
  if (settings.mode === 'off') return out;
  const own = new Set(mailbox.own);
  const sent = (e: ScannedEmail) => mailbox.sentFolders.has(e.folder_graph_id) || (!!e.from_address && own.has(e.from_address.toLowerCase()));
  // What the owner sends from is theirs (an alias the account's username does not show).
  for (const e of emails) if (mailbox.sentFolders.has(e.folder_graph_id) && e.from_address) own.add(e.from_address.toLowerCase());
  const consider = (p: Party) => {
    const address = p.address.trim().toLowerCase();
    if (!address || own.has(address) || !isUsableAddress(address) || isRobotAddress(address)) return;
    if (!settings.includeColleagues && domainOf(address) === mailbox.domain) return;
    const name = displayName(p.name, address);
    if (!out.has(address) || (out.get(address) === null && name)) out.set(address, name);
  };
  for (const e of emails) {
    const to = recipientsOf(e).filter((r) => r.kind !== 'bcc');
    if (sent(e)) {
      to.forEach(consider);
    } else if (settings.mode === 'all') {
      if (e.from_address) consider({ name: e.from_name, address: e.from_address });
      to.forEach(consider);
    }
  }
  return out;
}
