import { invalidRequest } from './errors.js';

const FORBIDDEN_CHARS = /["*:<>?/\\|]/;
const RESERVED = new Set(['.lock', 'con', 'prn', 'aux', 'nul', 'desktop.ini',
  ...Array.from({ length: 10 }, (_, i) => `com${i}`), ...Array.from({ length: 10 }, (_, i) => `lpt${i}`)]);
/** SharePoint refuses a full path (folders and file name) of 400 characters or more. */
export const MAX_PATH = 400;

/**
 * The naming rules OneDrive for Business and SharePoint enforce: none of `" * : < > ? / \ |`, no
 * leading or trailing space, not a reserved device or system name, no `_vti_` anywhere, and no
 * `~$` in front (Office's lock files). Graph refuses such a name with 400 invalidRequest.
 */
export function checkName(name: unknown): string {
  if (typeof name !== 'string' || !name.length) throw invalidRequest('The name of the item is missing.');
  if (FORBIDDEN_CHARS.test(name) || [...name].some((ch) => ch.charCodeAt(0) < 32)) {
    throw invalidRequest('The provided name cannot contain any illegal characters.');
  }
  if (name !== name.trim()) throw invalidRequest('The provided name cannot contain leading, or trailing, spaces.');
  const lower = name.toLowerCase();
  if (RESERVED.has(lower) || lower.includes('_vti_') || lower.startsWith('~$')) {
    throw invalidRequest(`The provided name '${name}' is reserved and cannot be used.`);
  }
  if (name.length >= MAX_PATH) throw invalidRequest('The provided name is too long.');
  return name;
}

/** The n-th rename of a taken name, as OneDrive makes it: `Report 1.docx`, `Folder 2`. */
export function numbered(name: string, n: number, isFolder: boolean): string {
  const dot = isFolder ? -1 : name.lastIndexOf('.');
  return dot > 0 ? `${name.slice(0, dot)} ${n}${name.slice(dot)}` : `${name} ${n}`;
}
