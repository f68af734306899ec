import type { SandboxContext } from '../../core/context.js';
import { GraphError } from '../http/errors.js';
import { newConversationId, newFolderId } from './ids.js';
import { ensureMailbox, folderByKey, mailboxRow } from './mailbox.js';
import type { Address, FolderRow } from './rows.js';
import { DOMAINS, FIRST, LAST, SENTENCES, TOPICS } from './corpus.js';
import { buildRow, insertMessage, stmts, type MessageInput } from './store.js';

export interface OutsideMail {
  from: { name: string; address: string };
  subject: string;
  body: string;
  /** Defaults to now. */
  receivedDateTime?: string;
  /** Others the message also went to (the user is always a To recipient). */
  cc?: Address[];
}

export interface MailFromOutlook {
  to: Address[];
  cc?: Address[];
  bcc?: Address[];
  subject: string;
  body: string;
}

/** A message the user sent from Outlook itself (not through Graph): it lands in Sent Items. Returns its id. */
export function sentFromOutlook(ctx: SandboxContext, userId: string, mail: MailFromOutlook): string {
  ensureMailbox(ctx, userId);
  const me = ctx.directory.userById(userId)!;
  const sent = folderByKey(ctx.db, userId, 'sentitems')!;
  const at = new Date(ctx.now()).toISOString();
  return insertMessage(ctx, sent, {
    subject: mail.subject, bodyType: 'text', body: mail.body, from: { name: me.displayName, address: me.mail },
    to: mail.to, cc: mail.cc ?? [], bcc: mail.bcc ?? [], isRead: true, isDraft: false, received: at, sent: at,
  }).id;
}

/** Delivers one message from outside the tenant into the user's inbox; returns its id. */
export function deliverOutsideMail(ctx: SandboxContext, userId: string, mail: OutsideMail): string {
  ensureMailbox(ctx, userId);
  const me = ctx.directory.userById(userId)!;
  const inbox = folderByKey(ctx.db, userId, 'inbox')!;
  const html = /<[a-z][\s\S]*>/i.test(mail.body);
  return insertMessage(ctx, inbox, {
    subject: mail.subject, bodyType: html ? 'html' : 'text', body: mail.body, from: mail.from,
    to: [{ name: me.displayName, address: me.mail }], cc: mail.cc ?? [], isRead: false, isDraft: false,
    ...(mail.receivedDateTime ? { received: new Date(mail.receivedDateTime).toISOString() } : {}),
  }).id;
}

function userFolder(ctx: SandboxContext, userId: string, name: string): FolderRow {
  const root = folderByKey(ctx.db, userId, 'msgfolderroot')!;
  const found = ctx.db.prepare('SELECT * FROM gm_folder WHERE user_id = ? AND parent_id = ? AND display_name = ?').get(userId, root.id, name) as FolderRow | undefined;
  if (found) return found;
  const id = newFolderId();
  ctx.db.prepare('INSERT INTO gm_folder (id, user_id, parent_id, well_known, display_name, is_hidden, created) VALUES (?, ?, ?, NULL, ?, 0, ?)')
    .run(id, userId, root.id, name, new Date(ctx.now()).toISOString());
  return folderByKey(ctx.db, userId, id)!;
}

/** A deterministic-enough PRNG so generation is cheap; realism matters here, not secrecy. */
function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

function correspondents(ctx: SandboxContext, userId: string, random: () => number): Address[] {
  const me = ctx.directory.userById(userId)!;
  const colleagues = ctx.directory.usersInTenant(me.tenantId).filter((u) => u.id !== userId).map((u) => ({ name: u.displayName, address: u.mail }));
  const outside: Address[] = [];
  for (let i = 0; i < 80; i++) {
    const first = FIRST[Math.floor(random() * FIRST.length)]!;
    const last = LAST[Math.floor(random() * LAST.length)]!;
    const domain = DOMAINS[i % DOMAINS.length]!;
    outside.push({ name: `${first} ${last}`, address: `${first}.${last}${i}@${domain}`.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '') });
  }
  // Interleave colleagues near the top so they are among the frequent correspondents.
  return [...colleagues.slice(0, 3), ...outside.slice(0, 10), ...colleagues.slice(3), ...outside.slice(10)];
}

/**
 * Generates realistic mail spread over the user's folders and correspondents: a Zipf-like
 * frequency per correspondent (so People ranking means something), threads, unread recent mail.
 * One transaction with prepared statements: 100,000 messages take a few seconds. Bulk mail is
 * not announced on the change bus (it would be 100,000 notifications); delta sees it.
 */
export function generateMailbox(ctx: SandboxContext, userId: string, count: number): void {
  if (!Number.isInteger(count) || count < 0) throw new GraphError(400, 'BadRequest', 'count must be a non-negative integer');
  ensureMailbox(ctx, userId);
  const db = ctx.db;
  const me = ctx.directory.userById(userId)!;
  const self: Address = { name: me.displayName, address: me.mail };
  const random = rng(Number.parseInt(userId.replace(/[^0-9a-f]/gi, '').slice(0, 8) || '1', 16) ^ count ^ mailboxRow(db, userId)!.seq);
  const people = correspondents(ctx, userId, random);
  const weights = people.map((_, i) => 1 / (i + 1));
  const cumulative: number[] = [];
  weights.reduce((sum, w) => (cumulative.push(sum + w), sum + w), 0);
  const total = cumulative[cumulative.length - 1]!;
  const pick = () => {
    const x = random() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return people[lo]!;
  };
  const f = (wk: string) => folderByKey(db, userId, wk)!;
  const plan: Array<[FolderRow, number]> = [
    [f('inbox'), 0.45], [f('archive'), 0.7], [f('sentitems'), 0.88], [userFolder(ctx, userId, 'Projects'), 0.95], [userFolder(ctx, userId, 'Receipts'), 1],
  ];
  const sent = f('sentitems');
  const now = ctx.now();
  const nowIso = new Date(now).toISOString();
  const threads: Array<{ id: string; subject: string }> = [];
  const tally = new Map<string, { name: string; sentTo: number; receivedFrom: number }>();
  const note = (a: Address, key: 'sentTo' | 'receivedFrom') => {
    const k = a.address.toLowerCase();
    const t = tally.get(k) ?? { name: a.name, sentTo: 0, receivedFrom: 0 };
    t[key] += 1;
    tally.set(k, t);
  };
  const { insert, correspondent } = stmts(db);
  db.transaction(() => {
    let seq = mailboxRow(db, userId)!.seq;
    for (let i = 0; i < count; i++) {
      const r = random();
      const folder = plan.find(([, upTo]) => r < upTo)![0];
      const other = pick();
      const outgoing = folder.id === sent.id;
      const ageMs = Math.floor(random() * random() * 365 * 86_400_000);
      const received = new Date(now - ageMs).toISOString();
      let conversationId: string;
      let subject: string;
      if (threads.length && random() < 0.3) {
        const t = threads[Math.floor(random() * threads.length)]!;
        conversationId = t.id;
        subject = `RE: ${t.subject}`;
      } else {
        subject = `${TOPICS[Math.floor(random() * TOPICS.length)]!} ${1000 + Math.floor(random() * 9000)}`;
        conversationId = newConversationId();
        threads.push({ id: conversationId, subject });
        if (threads.length > 200) threads.shift();
      }
      const body = `Hi ${(outgoing ? other : self).name.split(' ')[0]},\n\n${SENTENCES[Math.floor(random() * SENTENCES.length)]} ${SENTENCES[Math.floor(random() * SENTENCES.length)]}\n\nBest,\n${(outgoing ? self : other).name}`;
      const input: MessageInput = {
        subject, bodyType: 'text', body, from: outgoing ? self : other, to: [outgoing ? other : self],
        isRead: outgoing || !(ageMs < 30 * 86_400_000 ? random() < 0.4 : random() < 0.03),
        isDraft: false, received, sent: received, conversationId,
        importance: random() < 0.05 ? 'high' : 'normal',
        flagStatus: random() < 0.03 ? 'flagged' : 'notFlagged',
        inference: random() < 0.2 ? 'other' : 'focused',
      };
      insert.run(buildRow(userId, folder.id, ++seq, nowIso, input));
      note(other, outgoing ? 'sentTo' : 'receivedFrom');
    }
    for (const [address, t] of tally) correspondent.run(userId, address, t.name, t.sentTo, t.receivedFrom);
    db.prepare('UPDATE gm_mailbox SET seq = ? WHERE user_id = ?').run(seq, userId);
  })();
}
