import { badRequest } from '../http/errors.js';

/**
 * Refuses system query options ($-prefixed) an endpoint does not implement, as Graph refuses
 * options a resource does not support: an option the sandbox ignored would answer something
 * other than what the client asked for. Custom (non-$) parameters pass, as in Graph.
 */
export function checkOptions(query: Record<string, string | undefined>, allowed: readonly string[]): void {
  for (const name of Object.keys(query)) {
    if (!name.startsWith('$') || allowed.includes(name)) continue;
    throw badRequest(`The query parameter '${name}' is not supported.`, 'BadRequest');
  }
}
