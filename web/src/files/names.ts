/**
 * OneDrive's name rules, checked before asking the server so the user hears what is wrong with the
 * name they typed instead of a refusal after an upload started. The server checks them again.
 */
const FORBIDDEN_CHARS = /["*:<>?/\\|]/;
const RESERVED = /^(\.lock|CON|PRN|AUX|NUL|COM\d|LPT\d|desktop\.ini)$/i;

/** What is wrong with a file or folder name, in words; null when OneDrive accepts it. */
export function nameProblem(name: string): string | null {
  if (!name.trim()) return 'Give it a name.';
  const bad = FORBIDDEN_CHARS.exec(name);
  if (bad) return `OneDrive does not allow “${bad[0]}” in names.`;
  if ([...name].some((c) => c.charCodeAt(0) < 32)) return 'OneDrive does not allow control characters in names.';
  if (name !== name.trim()) return 'OneDrive does not allow a name to start or end with a space.';
  if (RESERVED.test(name)) return `“${name}” is a name OneDrive reserves.`;
  if (name.includes('_vti_')) return 'OneDrive does not allow “_vti_” in names.';
  if (name.startsWith('~$')) return 'OneDrive does not allow a name to start with “~$”.';
  if (name.length > 250) return 'That name is too long for OneDrive.';
  return null;
}
