import type { Contact } from '@microsoft/microsoft-graph-types';

/** A contact in the CRM's shape: what one Outlook version says about a person, field by field. */
export interface ContactFields {
  name: string;
  emails: string[];
  phones: string[];
  companyName: string | null;
  jobTitle: string | null;
  notes: string | null;
}

export type FieldName = keyof ContactFields;
export const FIELDS: readonly FieldName[] = ['name', 'emails', 'phones', 'companyName', 'jobTitle', 'notes'];

/** Outlook's slots (graph-facts §6; the sandbox refuses more): the CRM's extra values stay CRM-only. */
export const MAX_EMAILS = 3;
const MAX_BUSINESS = 2;
const MAX_HOME = 2;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const text = (s: string | null | undefined) => (s ?? '').trim() || null;
const uniq = (xs: string[]) => [...new Set(xs)];

/**
 * One Graph contact in the CRM's shape. Phones are business, then mobile, then home, so the CRM's
 * single list maps back to the same slots (contactPayload.ts). Null when it names nobody.
 */
export function mapContact(c: Contact): ContactFields | null {
  const emails = uniq((c.emailAddresses ?? []).map((e) => (e.address ?? '').trim().toLowerCase()).filter((e) => EMAIL.test(e)));
  const composed = [c.givenName, c.surname].map(text).filter(Boolean).join(' ');
  const name = text(c.displayName) ?? (composed || null) ?? text(c.companyName) ?? emails[0] ?? null;
  if (!name) return null;
  const phones = uniq([...(c.businessPhones ?? []), c.mobilePhone ?? '', ...(c.homePhones ?? [])].map((p) => p.trim()).filter(Boolean));
  return { name, emails, phones, companyName: text(c.companyName), jobTitle: text(c.jobTitle), notes: text(c.personalNotes) };
}

/** Same value, whatever the field's type. */
export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** The fields of `next` that differ from `base` (what Outlook changed since Tandem last saw it). */
export function changedFields(base: ContactFields | null, next: ContactFields): FieldName[] {
  if (!base) return [...FIELDS];
  return FIELDS.filter((f) => !sameValue(base[f], next[f]));
}

/** The Graph body of the fields given (a create gives all of them; a PATCH only the changed ones). */
export function graphContactBody(fields: Partial<ContactFields>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (fields.name !== undefined) {
    // Outlook keeps given name and surname; the CRM has one name: split at the last space.
    const name = fields.name.trim();
    const at = name.lastIndexOf(' ');
    body.givenName = at > 0 ? name.slice(0, at) : name;
    body.surname = at > 0 ? name.slice(at + 1) : '';
    body.displayName = name;
  }
  if (fields.emails !== undefined) body.emailAddresses = fields.emails.slice(0, MAX_EMAILS).map((address) => ({ address, name: address }));
  if (fields.phones !== undefined) {
    const p = fields.phones;
    body.businessPhones = p.slice(0, MAX_BUSINESS);
    body.mobilePhone = p[MAX_BUSINESS] ?? null;
    body.homePhones = p.slice(MAX_BUSINESS + 1, MAX_BUSINESS + 1 + MAX_HOME);
  }
  if (fields.companyName !== undefined) body.companyName = fields.companyName ?? '';
  if (fields.jobTitle !== undefined) body.jobTitle = fields.jobTitle ?? '';
  if (fields.notes !== undefined) body.personalNotes = fields.notes ?? '';
  return body;
}

/** The $select of every read: only what the mapping uses. */
export const CONTACT_SELECT = 'id,changeKey,lastModifiedDateTime,parentFolderId,displayName,givenName,surname,emailAddresses,businessPhones,homePhones,mobilePhone,companyName,jobTitle,personalNotes';
