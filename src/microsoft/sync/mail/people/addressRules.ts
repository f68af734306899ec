import publicDomainList from 'email-providers/all.json' with { type: 'json' };

/**
 * Public mail domains (gmail.com, outlook.com, gmx.de…): an address there says nothing about the
 * person's company. The list is the `email-providers` package (derhuerst/email-providers, about
 * 8,700 domains, refreshed with each release), kept current by updating the dependency.
 */
const PUBLIC_DOMAINS: ReadonlySet<string> = new Set(publicDomainList);

export function isPublicDomain(domain: string): boolean {
  return PUBLIC_DOMAINS.has(domain);
}

export function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}

/**
 * Addresses no person answers: no-reply senders, delivery reports and notification robots. Matched
 * on the local part (before any +tag), as words, so "noreply", "no-reply", "do_not_reply",
 * "bounces+123" and "mailer-daemon" match while "nora.reply" or "alerton" do not.
 */
const ROBOT = new RegExp([
  String.raw`(^|[._-])(no|do[._-]?not|dont)[._-]?reply($|[._-])`,
  String.raw`^(mailer[._-]?daemon|postmaster|bounces?|notifications?|notify|newsletters?|alerts?|auto[._-]?confirm|auto[._-]?reply)($|[._+-])`,
].join('|'));

export function isRobotAddress(address: string): boolean {
  const local = address.slice(0, address.lastIndexOf('@')).toLowerCase().split('+')[0] ?? '';
  return ROBOT.test(local);
}

const ADDRESS = /^[^\s@]+@[a-z0-9.-]+\.[a-z0-9-]+$/;

/** An address the CRM will accept as a person's (what normalizeEmails checks) with a domain a company can carry. */
export function isUsableAddress(address: string): boolean {
  return ADDRESS.test(address);
}

/**
 * The name shown for a person made from an address: the name mail carried when it is a real one
 * (Outlook sometimes repeats the address, or wraps the name in quotes), else the address itself.
 */
export function displayName(name: string | null | undefined, address: string): string | null {
  const n = (name ?? '').trim().replace(/^(['"])(.*)\1$/, '$2').trim();
  if (!n || n.toLowerCase() === address || n.includes('@')) return null;
  return n.slice(0, 200);
}
