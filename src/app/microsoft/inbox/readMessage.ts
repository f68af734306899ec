import { fetchBody } from '../../../microsoft/mail/mailActions.js';
import { sanitizeHtml } from '../../../microsoft/mail/sanitizeHtml.js';
import type { CachedBody } from '../../../microsoft/mail/bodyCache.js';
import { viaGraph, type InboxDeps } from './deps.js';
import { requireMailbox, type Caller } from './mailbox.js';
import { emailRow, messageDetail, type MessageDetail } from './queries.js';

export interface MessageWithBody extends MessageDetail {
  body: CachedBody;
  /** True when the body came from this process's cache rather than a Graph call. */
  bodyCached: boolean;
}

/** Metadata from the database, the body from Graph on demand through the bounded cache (never stored). */
export async function readMessage(deps: InboxDeps, caller: Caller, id: string): Promise<MessageWithBody> {
  const account = await requireMailbox(deps.integration.accounts, caller);
  const row = await emailRow(deps.integration.database.db, account.id, id);
  const meta = await messageDetail(deps.integration.database.db, account.id, row.id);
  const { body, cached } = await viaGraph(() =>
    deps.bodies.getOrFetch(account.id, row.graph_id, async () => {
      const raw = await fetchBody(deps.integration.graph, account.id, row.graph_id);
      return raw.contentType === 'html' ? { contentType: 'html', content: sanitizeHtml(raw.content) } : raw;
    }),
  );
  return { ...meta, body, bodyCached: cached };
}
