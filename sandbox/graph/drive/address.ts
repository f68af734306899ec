import { invalidRequest } from './errors.js';

/** How a files URL names its target below the drive. */
export interface Address {
  base: 'drive' | 'root' | 'item';
  itemId?: string;
  /** Segments of a `:/a/b:` path after the base, decoded. */
  path?: string[];
  /** What follows the item: `children`, `content`, `search`, … with a function's arguments. */
  action?: string;
  args?: Record<string, string>;
  /** Segments after the action (e.g. a permission id). */
  extra: string[];
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw invalidRequest(`The path segment '${s}' is not correctly encoded.`);
  }
}

/** `search(q='a''b')` → name `search`, args {q: "a'b"}; a plain segment has no args. */
export function parseCall(segment: string): { name: string; args: Record<string, string> } {
  const m = /^([A-Za-z.]+)(?:\((.*)\))?$/.exec(segment);
  if (!m) throw invalidRequest(`Resource not found for the segment '${segment}'.`);
  const args: Record<string, string> = {};
  if (m[2]) {
    for (const part of m[2].match(/\w+=(?:'(?:[^']|'')*'|[^,]*)/g) ?? []) {
      const eq = part.indexOf('=');
      const raw = part.slice(eq + 1);
      args[part.slice(0, eq)] = raw.startsWith("'") ? raw.slice(1, -1).replace(/''/g, "'") : raw;
    }
  }
  return { name: m[1]!, args };
}

/**
 * Parses what follows `/drive` or `/drives/{id}` in a raw (still percent-encoded) URL path:
 * `''`, `/root`, `/items/{id}`, each optionally with `:/a/b:` (a path below it, the closing colon
 * optional at the end), then an action: `/children`, `/content`, `/search(q='x')`, … The path is
 * split before decoding, so an encoded `/` inside a name never splits it; names cannot contain
 * `:`, so an encoded colon is taken for the delimiter.
 */
export function parseAddress(rawRest: string): Address {
  const rest = rawRest.replace(/%3a/gi, ':');
  if (rest === '' || rest === '/') return { base: 'drive', extra: [] };
  const m = /^\/(root|items\/([^/:]+))(.*)$/.exec(rest);
  if (!m) {
    // `/drive/search(q=…)` and `/drive/delta` name the root implicitly.
    const call = /^\/((?:search|delta)(?:\(.*\))?)$/.exec(rest);
    if (call) return withAction({ base: 'root', extra: [] }, [call[1]!]);
    throw invalidRequest(`Resource not found for the segment '${decode(rest.split('/')[1] ?? '')}'.`);
  }
  const address: Address = m[2] ? { base: 'item', itemId: decode(m[2]), extra: [] } : { base: 'root', extra: [] };
  let tail = m[3]!;
  if (tail.startsWith(':')) {
    const close = tail.indexOf(':', 1);
    const rawPath = close < 0 ? tail.slice(1) : tail.slice(1, close);
    tail = close < 0 ? '' : tail.slice(close + 1);
    address.path = rawPath.split('/').filter(Boolean).map(decode);
  }
  const segments = tail.split('/').filter(Boolean);
  return withAction(address, segments);
}

function withAction(address: Address, rawSegments: string[]): Address {
  const [first, ...rest] = rawSegments;
  if (first === undefined) return address;
  const { name, args } = parseCall(decode(first));
  return { ...address, action: name, args, extra: rest.map(decode) };
}
