import type { Db } from '../db/database.js';
import { invalid } from './errors.js';

/** What a user types to schedule a meeting or call. Times are instants (ISO-8601 with zone). */
export interface MeetingInput {
  subject: string;
  start: string;
  end: string;
  /** IANA zone the times are meant in (the organizer's); defaults to UTC. */
  timeZone?: string;
  attendeePersonIds?: string[];
  location?: string | null;
  notes?: string | null;
  online?: boolean;
  personId?: string | null;
  companyId?: string | null;
}

export function isIanaZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export function instant(field: string, value: string): string {
  // A zone-less time would be read in the server's zone: ambiguous, so refused.
  if (!/T.*(Z|[+-]\d{2}:?\d{2})$/i.test(value)) throw invalid(field, `"${value}" needs a time zone offset or Z (e.g. 2026-03-02T09:00:00Z)`);
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw invalid(field, `"${value}" is not an ISO-8601 date-time`);
  return new Date(t).toISOString();
}

export function checkTimes(start: string, end: string): void {
  if (Date.parse(end) <= Date.parse(start)) throw invalid('end', `must be after start (${start}); got ${end}`);
}

export function checkZone(zone: string): void {
  if (!isIanaZone(zone)) throw invalid('timeZone', `"${zone}" is not an IANA time zone name (e.g. Europe/Berlin, America/New_York, UTC)`);
}

export interface Invitee {
  personId: string;
  name: string;
  address: string;
}

/** The invited people with the address each is invited at (their first); names every unknown or address-less one. */
export async function resolveInvitees(db: Db, workspaceId: string, personIds: string[]): Promise<Invitee[]> {
  const ids = [...new Set(personIds)];
  if (!ids.length) return [];
  const people = await db.selectFrom('people').select(['id', 'name']).where('workspace_id', '=', workspaceId).where('id', 'in', ids).execute();
  const unknown = ids.filter((id) => !people.some((p) => p.id === id));
  if (unknown.length) throw invalid('attendeePersonIds', `no person with id ${unknown.join(', ')} in this workspace`);
  const emails = await db.selectFrom('person_emails').select(['person_id', 'email', 'position']).where('workspace_id', '=', workspaceId)
    .where('person_id', 'in', ids).orderBy('position').execute();
  const out: Invitee[] = [];
  const noAddress: string[] = [];
  for (const id of ids) {
    const p = people.find((x) => x.id === id)!;
    const e = emails.find((x) => x.person_id === id);
    if (!e) noAddress.push(`${p.name} (${id})`);
    else out.push({ personId: id, name: p.name, address: e.email });
  }
  if (noAddress.length) throw invalid('attendeePersonIds', `${noAddress.join(', ')} has no email address to invite; add one on the person's page`);
  return out;
}
