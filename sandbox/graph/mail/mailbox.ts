import type { SandboxContext } from '../../core/context.js';
import type { Statement } from 'better-sqlite3';
import type { SandboxDb } from '../../core/db.js';
import { GraphError } from '../http/errors.js';
import { newFolderId } from './ids.js';
import type { FolderRow, MailboxRow } from './rows.js';

/** Outlook's well-known folders, in the order Outlook lists them, with their display names. */
export const WELL_KNOWN: ReadonlyArray<[string, string]> = [
  ['inbox', 'Inbox'],
  ['drafts', 'Drafts'],
  ['sentitems', 'Sent Items'],
  ['deleteditems', 'Deleted Items'],
  ['junkemail', 'Junk Email'],
  ['archive', 'Archive'],
];
export const ROOT = 'msgfolderroot';
/**
 * Where Graph's DELETE puts a message: the Recoverable Items "Deletions" folder, outside the
 * folder tree clients list (msgfolderroot), reachable only by its well-known name.
 */
export const RECOVERABLE = 'recoverableitemsdeletions';
const RECOVERABLE_ROOT = 'recoverableitemsroot';

export const defaultSettings = () => ({
  archiveFolder: null as string | null,
  timeZone: 'UTC',
  language: { locale: 'en-US', displayName: 'English (United States)' },
  dateFormat: 'M/d/yyyy',
  timeFormat: 'h:mm tt',
  userPurpose: 'user',
  delegateMeetingMessageDeliveryOptions: 'sendToDelegateOnly',
  automaticRepliesSetting: {
    status: 'disabled',
    externalAudience: 'all',
    scheduledStartDateTime: { dateTime: '2020-01-01T00:00:00.0000000', timeZone: 'UTC' },
    scheduledEndDateTime: { dateTime: '2020-01-02T00:00:00.0000000', timeZone: 'UTC' },
    internalReplyMessage: '',
    externalReplyMessage: '',
  },
  workingHours: {
    daysOfWeek: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
    startTime: '08:00:00.0000000',
    endTime: '17:00:00.0000000',
    timeZone: { name: 'UTC' },
  },
});
export type MailboxSettingsData = ReturnType<typeof defaultSettings>;

const known = new WeakMap<SandboxDb, Set<string>>();
const statementCache = new WeakMap<SandboxDb, Map<string, Statement>>();

/** Prepared statements for SQL built per view (bounded: views are few), so hot pages skip compiling. */
export function cachedStatement(db: SandboxDb, sql: string): Statement {
  let m = statementCache.get(db);
  if (!m) statementCache.set(db, (m = new Map()));
  let st = m.get(sql);
  if (!st) {
    if (m.size > 500) m.clear();
    m.set(sql, (st = db.prepare(sql)));
  }
  return st;
}

/** Creates the user's mailbox and well-known folders on first use; Graph mailboxes simply exist. */
export function ensureMailbox(ctx: SandboxContext, userId: string): MailboxRow {
  const db = ctx.db;
  const existing = db.prepare('SELECT * FROM gm_mailbox WHERE user_id = ?').get(userId) as MailboxRow | undefined;
  if (existing) return existing;
  const user = ctx.directory.userById(userId);
  if (!user) throw new GraphError(404, 'ErrorInvalidUser', `The requested user '${userId}' is invalid.`);
  const now = new Date(ctx.now()).toISOString();
  const insertFolder = db.prepare(
    'INSERT INTO gm_folder (id, user_id, parent_id, well_known, display_name, is_hidden, created) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  db.transaction(() => {
    db.prepare('INSERT OR IGNORE INTO gm_mailbox (user_id, tenant_id, seq, settings_json) VALUES (?, ?, 0, ?)').run(
      userId, user.tenantId, JSON.stringify(defaultSettings()),
    );
    const hasRoot = db.prepare('SELECT 1 FROM gm_folder WHERE user_id = ? AND well_known = ?').get(userId, ROOT);
    if (hasRoot) return;
    const rootId = newFolderId();
    insertFolder.run(rootId, userId, null, ROOT, 'Top of Information Store', 1, now);
    for (const [wk, name] of WELL_KNOWN) insertFolder.run(newFolderId(), userId, rootId, wk, name, 0, now);
  })();
  knownSet(db).add(userId);
  return db.prepare('SELECT * FROM gm_mailbox WHERE user_id = ?').get(userId) as MailboxRow;
}

function knownSet(db: SandboxDb): Set<string> {
  let s = known.get(db);
  if (!s) known.set(db, (s = new Set()));
  return s;
}

/** Cheap check used on every request: the mailbox row is looked up only once per process. */
export function ensureMailboxOnce(ctx: SandboxContext, userId: string): void {
  if (!knownSet(ctx.db).has(userId)) {
    ensureMailbox(ctx, userId);
    knownSet(ctx.db).add(userId);
  }
}

/** Allocates the next change sequence number of a mailbox; every change gets its own. */
export function nextSeq(db: SandboxDb, userId: string): number {
  const row = db.prepare('UPDATE gm_mailbox SET seq = seq + 1 WHERE user_id = ? RETURNING seq').get(userId) as { seq: number } | undefined;
  if (!row) throw new Error(`no mailbox for ${userId}`);
  return row.seq;
}

export function mailboxRow(db: SandboxDb, userId: string): MailboxRow | undefined {
  return db.prepare('SELECT * FROM gm_mailbox WHERE user_id = ?').get(userId) as MailboxRow | undefined;
}

export function readSettings(db: SandboxDb, userId: string): MailboxSettingsData {
  const row = mailboxRow(db, userId);
  return { ...defaultSettings(), ...(row ? (JSON.parse(row.settings_json) as Partial<MailboxSettingsData>) : {}) };
}

export function writeSettings(db: SandboxDb, userId: string, settings: MailboxSettingsData): void {
  db.prepare('UPDATE gm_mailbox SET settings_json = ? WHERE user_id = ?').run(JSON.stringify(settings), userId);
}

export function folderByKey(db: SandboxDb, userId: string, key: string): FolderRow | undefined {
  const lower = key.toLowerCase();
  if (lower === ROOT || lower === RECOVERABLE || WELL_KNOWN.some(([wk]) => wk === lower)) {
    return db.prepare('SELECT * FROM gm_folder WHERE user_id = ? AND well_known = ?').get(userId, lower) as FolderRow | undefined;
  }
  const row = db.prepare('SELECT * FROM gm_folder WHERE id = ?').get(key) as FolderRow | undefined;
  return row && row.user_id === userId ? row : undefined;
}

/** The Recoverable Items deletions folder, created on first use (mailboxes from older data dirs lack it). */
export function recoverableItems(ctx: SandboxContext, userId: string): FolderRow {
  const db = ctx.db;
  const existing = folderByKey(db, userId, RECOVERABLE);
  if (existing) return existing;
  const now = new Date(ctx.now()).toISOString();
  const insert = db.prepare('INSERT INTO gm_folder (id, user_id, parent_id, well_known, display_name, is_hidden, created) VALUES (?, ?, ?, ?, ?, ?, ?)');
  db.transaction(() => {
    const rootId = newFolderId();
    insert.run(rootId, userId, null, RECOVERABLE_ROOT, 'Recoverable Items', 1, now);
    insert.run(newFolderId(), userId, rootId, RECOVERABLE, 'Deletions', 0, now);
  })();
  return folderByKey(db, userId, RECOVERABLE)!;
}
