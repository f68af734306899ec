import type { SandboxContext } from '../../core/context.js';
import type { SandboxDb } from '../../core/db.js';
import type { FileAttachmentInput } from '../mail/fileAttachments.js';
import type { Address, NewMessageRow } from '../mail/rows.js';

/**
 * Every message the tenant sent, as it left: what an outside recipient (a guest who booked a
 * meeting) would have received, for tests to read back through the control API. Outlook keeps
 * no such log; it stands in for the recipient's own mailbox.
 */
export const outboundSchema = `
CREATE TABLE IF NOT EXISTS gx_outbound (
  pk INTEGER PRIMARY KEY,
  sender_id TEXT NOT NULL,
  from_addr TEXT NOT NULL,
  addresses TEXT NOT NULL,
  json TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS gx_outbound_sender ON gx_outbound(sender_id);`;

/** Enough for any test run; the oldest go first. */
const KEEP = 10_000;

const TEXT_TYPES = /^(text\/|application\/(ics|json|xml|javascript)|message\/)|\+xml$|\+json$/i;

const parse = (json: string) => (JSON.parse(json) as Array<{ emailAddress: Address }>).map((r) => r.emailAddress);

function attachmentJson(a: FileAttachmentInput) {
  const json: Record<string, unknown> = { name: a.name, contentType: a.contentType, size: a.size, isInline: a.isInline, contentId: a.contentId, contentBytes: a.contentB64 };
  // Text attachments (an .ics invitation, a CSV) are also given decoded, so a test can read them as they are.
  if (TEXT_TYPES.test(a.contentType.split(';')[0]!.trim())) json.text = Buffer.from(a.contentB64, 'base64').toString('utf8');
  return json;
}

/**
 * Records a send. `deliveredTo` are the addresses that reached a mailbox of the sender's tenant;
 * the rest (outside addresses, and other tenants, which the sandbox does not deliver to) are `external`.
 */
export function recordOutbound(ctx: SandboxContext, sent: NewMessageRow, attachments: FileAttachmentInput[], deliveredTo: string[]): void {
  const to = parse(sent.to_json);
  const cc = parse(sent.cc_json);
  const bcc = parse(sent.bcc_json);
  const all = [...to, ...cc, ...bcc].map((r) => r.address.toLowerCase());
  const delivered = new Set(deliveredTo.map((a) => a.toLowerCase()));
  const record = {
    from: { name: sent.from_name ?? '', address: sent.from_addr ?? '' },
    to, cc, bcc,
    subject: sent.subject,
    body: { contentType: sent.body_type, content: sent.body },
    sentDateTime: (sent.sent ?? sent.received).replace(/\.\d{3}Z$/, 'Z'),
    internetMessageId: sent.internet_message_id,
    conversationId: sent.conversation_id,
    deliveredTo: [...new Set(all.filter((a) => delivered.has(a)))],
    external: [...new Set(all.filter((a) => !delivered.has(a)))],
    attachments: attachments.map(attachmentJson),
  };
  const db = ctx.db;
  db.prepare('INSERT INTO gx_outbound (sender_id, from_addr, addresses, json) VALUES (?, ?, ?, ?)')
    .run(sent.user_id, (sent.from_addr ?? '').toLowerCase(), `|${all.join('|')}|`, JSON.stringify(record));
  db.prepare('DELETE FROM gx_outbound WHERE pk <= (SELECT MAX(pk) FROM gx_outbound) - ?').run(KEEP);
}

/** Sent messages, newest first, optionally to one address (to, cc or bcc) and from one sender. */
export function listOutbound(db: SandboxDb, filter: { to?: string; senderId?: string; fromAddress?: string; top: number }) {
  const rows = db.prepare(`SELECT pk, sender_id, json FROM gx_outbound
    WHERE (@to IS NULL OR instr(addresses, @to) > 0)
      AND (@sender IS NULL OR sender_id = @sender OR from_addr = @fromAddr)
    ORDER BY pk DESC LIMIT @top`).all({
    to: filter.to ? `|${filter.to.toLowerCase()}|` : null,
    sender: filter.senderId ?? filter.fromAddress ?? null,
    fromAddr: (filter.fromAddress ?? '').toLowerCase(),
    top: filter.top,
  }) as Array<{ pk: number; sender_id: string; json: string }>;
  return rows.map((r) => ({ id: String(r.pk), sender: r.sender_id, ...(JSON.parse(r.json) as Record<string, unknown>) }));
}

export function clearOutbound(db: SandboxDb): number {
  return db.prepare('DELETE FROM gx_outbound').run().changes;
}
