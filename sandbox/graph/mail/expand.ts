import { GraphError, badRequest } from '../http/errors.js';

// Navigation properties of a message that Graph has and the sandbox does not serve yet.
const UNSERVED = new Set(['extensions', 'singlevalueextendedproperties', 'multivalueextendedproperties', 'mentions']);

/** `$expand` on messages: `attachments` is served; anything else is refused, never dropped. */
export function expandsAttachments(raw: string | undefined): boolean {
  if (raw === undefined) return false;
  let attachments = false;
  for (const name of raw.split(',').map((s) => s.trim()).filter(Boolean)) {
    const lower = name.toLowerCase();
    if (lower === 'attachments') { attachments = true; continue; }
    const bare = lower.replace(/\(.*$/, '');
    if (bare === 'attachments' || UNSERVED.has(bare)) {
      throw new GraphError(501, 'NotImplemented', `The sandbox tenant does not serve $expand=${name} yet.`);
    }
    throw badRequest(`Parsing OData Select and Expand failed: Could not find a property named '${name}' on type 'microsoft.graph.message'.`, 'BadRequest');
  }
  return attachments;
}
