import { GraphError, badRequest } from '../http/errors.js';
import type { ContactFields, ContactRow } from './schema.js';

/**
 * Exchange stores a contact's addresses and phones in fixed slots (Email 1-3, Business Phone 1-2,
 * Home Phone 1-2); more entries are refused with 400 (microsoft-graph-docs-contrib#560).
 */
const LIMITS: Record<string, [number, string]> = {
  emailAddresses: [3, 'EmailAddresses'],
  businessPhones: [2, 'BusinessPhones'],
  homePhones: [2, 'HomePhones'],
};
const EXTRA_STRINGS = ['assistantName', 'birthday', 'businessHomePage', 'department', 'fileAs', 'generation', 'initials', 'manager',
  'middleName', 'nickName', 'officeLocation', 'profession', 'spouseName', 'title', 'yomiCompanyName', 'yomiGivenName', 'yomiSurname'];
const EXTRA_LISTS = ['imAddresses', 'children'];
const ADDRESSES = ['homeAddress', 'businessAddress', 'otherAddress'];
const ADDRESS_PARTS = ['street', 'city', 'state', 'countryOrRegion', 'postalCode'];
const OWN = ['givenName', 'surname', 'displayName', 'emailAddresses', 'businessPhones', 'homePhones', 'mobilePhone', 'companyName',
  'jobTitle', 'personalNotes', 'categories'];
/** Read-only properties a client may echo back from a GET; Graph ignores them on write. */
const READ_ONLY = ['id', 'changeKey', 'createdDateTime', 'lastModifiedDateTime', 'parentFolderId'];
const KNOWN = new Set([...OWN, ...EXTRA_STRINGS, ...EXTRA_LISTS, ...ADDRESSES, ...READ_ONLY]);

export type Extra = Record<string, string | string[] | Record<string, string> | null>;

const invalid = (message: string) => badRequest(message, 'ErrorInvalidArgument');

function text(b: Record<string, unknown>, key: string): string | null {
  const v = b[key];
  if (v === null || v === undefined) return null;
  if (typeof v !== 'string') throw invalid(`'${key}' must be a string.`);
  return v;
}

function strings(b: Record<string, unknown>, key: string): string[] {
  const v = b[key];
  if (v === null || v === undefined) return [];
  if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) throw invalid(`'${key}' must be an array of strings.`);
  return v as string[];
}

function limited<T>(key: string, list: T[]): T[] {
  const limit = LIMITS[key];
  if (limit && list.length > limit[0]) {
    throw invalid(`The multi value property ${limit[1]} has ${list.length} entries, that exceeds the max allowed value of ${limit[0]}.`);
  }
  return list;
}

function emails(raw: unknown): Array<{ name: string; address: string }> {
  if (raw === null || raw === undefined) return [];
  if (!Array.isArray(raw)) throw invalid("'emailAddresses' must be an array.");
  return limited('emailAddresses', raw.map((e: { name?: unknown; address?: unknown } | null) => {
    if (!e || typeof e !== 'object' || typeof e.address !== 'string') throw invalid('Each of emailAddresses needs an address.');
    // Outlook fills in the name with the address when none is given.
    return { name: typeof e.name === 'string' && e.name ? e.name : e.address, address: e.address };
  }));
}

/** displayName as Outlook composes it from the name parts when none was given. */
export function composedName(f: { given_name: string | null; surname: string | null; company_name: string | null; emails_json: string }, extra: Extra): string {
  const middle = typeof extra.middleName === 'string' ? extra.middleName : '';
  const name = [f.given_name, middle, f.surname].filter((s) => s).join(' ');
  if (name) return name;
  if (f.company_name) return f.company_name;
  return (JSON.parse(f.emails_json) as Array<{ address: string }>)[0]?.address ?? '';
}

/**
 * The row fields a POST or PATCH body sets, checked as Graph checks them: unknown properties and
 * collections over their slot count are 400. With `current`, only the properties present change,
 * and a composed displayName follows its parts.
 */
export function parseContactBody(b: Record<string, unknown>, current?: ContactRow): Partial<ContactFields> {
  for (const key of Object.keys(b)) {
    if (!KNOWN.has(key) && !key.startsWith('@odata.')) {
      throw new GraphError(400, 'RequestBodyRead', `The property '${key}' does not exist on type 'microsoft.graph.contact'. Make sure to only use property names that are defined by the type.`);
    }
  }
  const f: Partial<ContactFields> = {};
  if ('givenName' in b) f.given_name = text(b, 'givenName');
  if ('surname' in b) f.surname = text(b, 'surname');
  if ('mobilePhone' in b) f.mobile_phone = text(b, 'mobilePhone');
  if ('companyName' in b) f.company_name = text(b, 'companyName');
  if ('jobTitle' in b) f.job_title = text(b, 'jobTitle');
  if ('personalNotes' in b) f.personal_notes = text(b, 'personalNotes') ?? '';
  if ('emailAddresses' in b) f.emails_json = JSON.stringify(emails(b.emailAddresses));
  if ('businessPhones' in b) f.business_phones_json = JSON.stringify(limited('businessPhones', strings(b, 'businessPhones')));
  if ('homePhones' in b) f.home_phones_json = JSON.stringify(limited('homePhones', strings(b, 'homePhones')));
  if ('categories' in b) f.categories_json = JSON.stringify(strings(b, 'categories'));

  const extra: Extra = current ? (JSON.parse(current.extra_json) as Extra) : {};
  let extraChanged = false;
  for (const key of [...EXTRA_STRINGS, ...EXTRA_LISTS, ...ADDRESSES]) {
    if (!(key in b)) continue;
    extraChanged = true;
    if (EXTRA_LISTS.includes(key)) extra[key] = strings(b, key);
    else if (ADDRESSES.includes(key)) extra[key] = address(b[key], key);
    else extra[key] = text(b, key);
  }
  if (extraChanged || !current) f.extra_json = JSON.stringify(extra);

  const explicit = 'displayName' in b ? text(b, 'displayName') : undefined;
  if (explicit) {
    f.display_name = explicit;
    f.auto_name = 0;
  } else if (explicit !== undefined || !current || current.auto_name === 1) {
    const merged = { ...(current ?? { given_name: null, surname: null, company_name: null, emails_json: '[]' }), ...f };
    f.display_name = composedName(merged as ContactRow, extra);
    f.auto_name = 1;
  }
  return f;
}

function address(raw: unknown, key: string): Record<string, string> {
  if (raw === null || raw === undefined) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw invalid(`'${key}' must be a physicalAddress.`);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (!ADDRESS_PARTS.includes(k) || (v !== null && typeof v !== 'string')) throw invalid(`Invalid property '${k}' in ${key}.`);
    if (typeof v === 'string') out[k] = v;
  }
  return out;
}
