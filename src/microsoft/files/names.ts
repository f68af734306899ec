/**
 * OneDrive for Business and SharePoint naming rules (Microsoft's "Restrictions and limitations in
 * OneDrive and SharePoint"): checked before any call, so the user hears what to change instead of
 * Graph's generic 400, and used to turn CRM record names into folder names Graph accepts.
 */
// Control characters are refused by OneDrive too; the rule against them in regexes is about typos.
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /["*:<>?/\\|\u0000-\u001f\u007f]/;
// eslint-disable-next-line no-control-regex
const FORBIDDEN_ALL = /["*:<>?/\\|\u0000-\u001f\u007f]/g;
/** Zero-width and text-direction characters: OneDrive takes them, but "x\u202Egnp.exe" shows as "xexe.png". */
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/;
const INVISIBLE_ALL = /[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;
const RESERVED = /^(\.lock|con|prn|aux|nul|com[0-9]|lpt[0-9]|desktop\.ini)$/i;
/** A full path of 400 characters is refused; names are kept well below so a nested record folder still fits. */
export const MAX_NAME_LENGTH = 255;

/** Why Graph would refuse `name` as a file or folder name, or null when it is fine. */
export function fileNameProblem(name: string): string | null {
  if (name.trim() === '') return 'The name is empty: give the file a name.';
  if (name.length > MAX_NAME_LENGTH) return `The name is ${name.length} characters long: OneDrive takes at most ${MAX_NAME_LENGTH}. Shorten it.`;
  const bad = FORBIDDEN.exec(name);
  if (bad) {
    const shown = bad[0] < ' ' || bad[0] === '\u007f' ? 'a control character' : `"${bad[0]}"`;
    return `The name contains ${shown}: OneDrive does not allow " * : < > ? / \\ | or control characters in names. Rename it and try again.`;
  }
  if (INVISIBLE.test(name)) return 'The name contains an invisible or text-direction character, which can make a file look like another: remove it and try again.';
  if (/^\s|\s$/.test(name)) return 'The name starts or ends with a space: OneDrive does not allow that. Remove the space and try again.';
  if (/\.$/.test(name)) return 'The name ends with a dot: OneDrive does not allow that. Remove it and try again.';
  if (RESERVED.test(name)) return `"${name}" is a name OneDrive reserves: choose another one.`;
  if (/_vti_/i.test(name)) return 'The name contains "_vti_", which SharePoint reserves: choose another one.';
  if (name.startsWith('~$')) return 'Names starting with "~$" are reserved for Office\'s lock files: choose another one.';
  return null;
}

/**
 * A CRM record's name as a folder name: forbidden characters become "_", reserved forms get a
 * suffix, and an empty result falls back. Deterministic, so the same record finds its folder again.
 */
export function folderNameFor(recordName: string, fallback: string): string {
  let name = recordName.replace(FORBIDDEN_ALL, '_').replace(INVISIBLE_ALL, '').replace(/\s+/g, ' ');
  name = name.replace(/^[\s.]+|[\s.]+$/g, '').replace(/_vti_/gi, '_vti-');
  if (name.startsWith('~$')) name = name.slice(2).trim();
  if (name.length > 100) name = name.slice(0, 100).replace(/[\s.]+$/, '');
  if (name === '') name = fallback;
  if (RESERVED.test(name)) name = `${name}_`;
  return name;
}
