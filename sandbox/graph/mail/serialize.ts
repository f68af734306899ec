import type { Message } from '@microsoft/microsoft-graph-types';
import { badRequest } from '../http/errors.js';
import type { MessageRow } from './rows.js';

export interface ViewOptions {
  immutableIds: boolean;
  /** Canonical property names from $select; undefined means the default property set. */
  select?: string[];
}

type Getter = (r: MessageRow, o: ViewOptions) => unknown;
const addr = (name: string | null, address: string | null) =>
  address ? { emailAddress: { name: name ?? address, address } } : null;
const idOf = (r: MessageRow, o: ViewOptions) => (o.immutableIds ? r.immutable_id : r.id);

const FIELDS: Record<string, Getter> = {
  createdDateTime: (r) => r.created,
  lastModifiedDateTime: (r) => r.modified,
  changeKey: (r) => r.change_key,
  categories: (r) => JSON.parse(r.categories_json),
  receivedDateTime: (r) => r.received,
  sentDateTime: (r) => r.sent,
  hasAttachments: () => false,
  internetMessageId: (r) => r.internet_message_id,
  subject: (r) => r.subject,
  bodyPreview: (r) => r.preview,
  importance: (r) => r.importance,
  parentFolderId: (r) => r.folder_id,
  conversationId: (r) => r.conversation_id,
  isDeliveryReceiptRequested: () => false,
  isReadReceiptRequested: () => false,
  isRead: (r) => r.is_read === 1,
  isDraft: (r) => r.is_draft === 1,
  webLink: (r, o) =>
    `https://outlook.office365.com/owa/?ItemID=${encodeURIComponent(idOf(r, o))}&exvsurl=1&viewmodel=ReadMessageItem`,
  inferenceClassification: (r) => r.inference,
  body: (r) => ({ contentType: r.body_type, content: r.body }),
  sender: (r) => addr(r.from_name, r.from_addr),
  from: (r) => addr(r.from_name, r.from_addr),
  toRecipients: (r) => JSON.parse(r.to_json),
  ccRecipients: (r) => JSON.parse(r.cc_json),
  bccRecipients: (r) => JSON.parse(r.bcc_json),
  replyTo: (r) => JSON.parse(r.reply_to_json),
  flag: (r) => ({ flagStatus: r.flag_status }),
};
// uniqueBody is only returned when asked for, as in Graph.
const OPTIONAL: Record<string, Getter> = {
  uniqueBody: (r) => ({ contentType: r.body_type, content: r.body }),
};
const DEFAULT_FIELDS = Object.keys(FIELDS);
const CANONICAL = new Map([...Object.keys(FIELDS), ...Object.keys(OPTIONAL), 'id'].map((k) => [k.toLowerCase(), k]));

/** Parses `$select` into canonical names; an unknown property is a 400 as in Graph. */
export function parseSelect(raw: string | undefined): string[] | undefined {
  if (!raw) return undefined;
  return raw.split(',').map((s) => s.trim()).filter(Boolean).map((name) => {
    const canonical = CANONICAL.get(name.toLowerCase());
    if (!canonical) throw badRequest(`Could not find a property named '${name}' on type 'microsoft.graph.message'.`, 'RequestBroker--ParseUri');
    return canonical;
  });
}

export function messageJson(r: MessageRow, o: ViewOptions): Message & Record<string, unknown> {
  const out: Record<string, unknown> = { '@odata.etag': `W/"${r.change_key}"`, id: idOf(r, o) };
  for (const name of o.select ?? DEFAULT_FIELDS) {
    if (name === 'id') continue;
    const get = FIELDS[name] ?? OPTIONAL[name];
    if (get) out[name] = get(r, o);
  }
  return out as Message & Record<string, unknown>;
}
