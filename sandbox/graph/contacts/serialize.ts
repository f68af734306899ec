import { isoSeconds } from '../calendar/time.js';
import type { Extra } from './input.js';
import type { ContactRow, FolderRow } from './schema.js';

const str = (extra: Extra, key: string) => (typeof extra[key] === 'string' ? extra[key] : null);
const list = (extra: Extra, key: string) => (Array.isArray(extra[key]) ? extra[key] : []);
const addr = (extra: Extra, key: string) => (extra[key] && typeof extra[key] === 'object' && !Array.isArray(extra[key]) ? extra[key] : {});

/** A contact in Graph's shape, every property present as Graph sends them (null or empty when unset). */
export function contactObject(r: ContactRow, select?: string[]): Record<string, unknown> {
  const extra = JSON.parse(r.extra_json) as Extra;
  const full: Record<string, unknown> = {
    '@odata.etag': `W/"${r.change_key}"`,
    id: r.id,
    createdDateTime: isoSeconds(r.created),
    lastModifiedDateTime: isoSeconds(r.modified),
    changeKey: r.change_key,
    categories: JSON.parse(r.categories_json),
    parentFolderId: r.folder_id,
    birthday: str(extra, 'birthday'),
    fileAs: str(extra, 'fileAs') ?? '',
    displayName: r.display_name,
    givenName: r.given_name,
    initials: str(extra, 'initials'),
    middleName: str(extra, 'middleName'),
    nickName: str(extra, 'nickName'),
    surname: r.surname,
    title: str(extra, 'title'),
    yomiGivenName: str(extra, 'yomiGivenName'),
    yomiSurname: str(extra, 'yomiSurname'),
    yomiCompanyName: str(extra, 'yomiCompanyName'),
    generation: str(extra, 'generation'),
    imAddresses: list(extra, 'imAddresses'),
    jobTitle: r.job_title,
    companyName: r.company_name,
    department: str(extra, 'department'),
    officeLocation: str(extra, 'officeLocation'),
    profession: str(extra, 'profession'),
    businessHomePage: str(extra, 'businessHomePage'),
    assistantName: str(extra, 'assistantName'),
    manager: str(extra, 'manager'),
    homePhones: JSON.parse(r.home_phones_json),
    mobilePhone: r.mobile_phone,
    businessPhones: JSON.parse(r.business_phones_json),
    spouseName: str(extra, 'spouseName'),
    personalNotes: r.personal_notes,
    children: list(extra, 'children'),
    emailAddresses: JSON.parse(r.emails_json),
    homeAddress: addr(extra, 'homeAddress'),
    businessAddress: addr(extra, 'businessAddress'),
    otherAddress: addr(extra, 'otherAddress'),
  };
  if (!select) return full;
  // $select keeps the etag and id, as Graph's answers do.
  const picked: Record<string, unknown> = { '@odata.etag': full['@odata.etag'], id: full.id };
  for (const key of select) if (key in full) picked[key] = full[key];
  return picked;
}

export function folderObject(f: FolderRow): Record<string, unknown> {
  return { id: f.id, displayName: f.name, parentFolderId: f.parent_id };
}
