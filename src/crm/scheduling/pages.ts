import type { Db } from '../../db/database.js';
import type { SchedulingPagesTable } from '../../db/tables/scheduling.js';
import { newId } from '../../lib/ids.js';
import { DomainError, isUniqueViolation, notFound, nowIso } from '../errors.js';
import { checkPage, DEFAULT_PAGE, type PageInput, type SchedulingPage } from './page.js';

function toPage(r: SchedulingPagesTable): SchedulingPage {
  return {
    id: r.id, ownerUserId: r.owner_user_id, slug: r.slug, title: r.title, description: r.description,
    durations: JSON.parse(r.durations) as number[], slotInterval: r.slot_interval, timeZone: r.time_zone,
    availability: JSON.parse(r.availability) as SchedulingPage['availability'],
    bufferBefore: r.buffer_before, bufferAfter: r.buffer_after, minNotice: r.min_notice, daysAhead: r.days_ahead, dailyCap: r.daily_cap,
    location: JSON.parse(r.location) as SchedulingPage['location'], questions: JSON.parse(r.questions) as SchedulingPage['questions'],
    enabled: r.enabled === 1, createdAt: r.created_at, updatedAt: r.updated_at,
  };
}

function toRow(p: Omit<SchedulingPage, 'id' | 'ownerUserId' | 'createdAt' | 'updatedAt'>) {
  return {
    slug: p.slug, title: p.title.trim(), description: p.description, durations: JSON.stringify(p.durations), slot_interval: p.slotInterval,
    time_zone: p.timeZone, availability: JSON.stringify(p.availability), buffer_before: p.bufferBefore, buffer_after: p.bufferAfter,
    min_notice: p.minNotice, days_ahead: p.daysAhead, daily_cap: p.dailyCap, location: JSON.stringify(p.location),
    questions: JSON.stringify(p.questions), enabled: p.enabled ? 1 : 0,
  };
}

const slugTaken = (slug: string) => new DomainError('conflict', `The address /book/${slug} is taken. Choose another slug.`);

export async function createPage(db: Db, workspaceId: string, ownerUserId: string, input: PageInput & { slug: string; title: string }): Promise<SchedulingPage> {
  const page = { ...DEFAULT_PAGE, ...input, slug: input.slug.trim().toLowerCase() };
  checkPage(page);
  const at = nowIso();
  const id = newId();
  try {
    await db.insertInto('scheduling_pages').values({ id, workspace_id: workspaceId, owner_user_id: ownerUserId, ...toRow(page), created_at: at, updated_at: at }).execute();
  } catch (err) {
    if (isUniqueViolation(err)) throw slugTaken(page.slug);
    throw err;
  }
  return getPage(db, workspaceId, ownerUserId, id);
}

/** The owner's own page; another user's answers 404, like one that does not exist. */
export async function getPage(db: Db, workspaceId: string, ownerUserId: string, id: string): Promise<SchedulingPage> {
  const r = await db.selectFrom('scheduling_pages').selectAll().where('id', '=', id).where('workspace_id', '=', workspaceId).where('owner_user_id', '=', ownerUserId).executeTakeFirst();
  if (!r) throw notFound('scheduling page');
  return toPage(r);
}

export async function listPages(db: Db, workspaceId: string, ownerUserId: string): Promise<SchedulingPage[]> {
  const rows = await db.selectFrom('scheduling_pages').selectAll().where('workspace_id', '=', workspaceId).where('owner_user_id', '=', ownerUserId).orderBy('created_at').execute();
  return rows.map(toPage);
}

/** The public view's lookup. Disabled pages are found too: the caller answers them like missing ones. */
export async function pageBySlug(db: Db, slug: string): Promise<(SchedulingPage & { workspaceId: string }) | undefined> {
  const r = await db.selectFrom('scheduling_pages').selectAll().where('slug', '=', slug.toLowerCase()).executeTakeFirst();
  return r ? { ...toPage(r), workspaceId: r.workspace_id } : undefined;
}

export async function pageById(db: Db, id: string): Promise<(SchedulingPage & { workspaceId: string }) | undefined> {
  const r = await db.selectFrom('scheduling_pages').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? { ...toPage(r), workspaceId: r.workspace_id } : undefined;
}

export async function updatePage(db: Db, workspaceId: string, ownerUserId: string, id: string, patch: PageInput): Promise<SchedulingPage> {
  const current = await getPage(db, workspaceId, ownerUserId, id);
  const next = { ...current, ...patch, ...(patch.slug !== undefined ? { slug: patch.slug.trim().toLowerCase() } : {}) };
  checkPage(next);
  try {
    await db.updateTable('scheduling_pages').set({ ...toRow(next), updated_at: nowIso() }).where('id', '=', id).execute();
  } catch (err) {
    if (isUniqueViolation(err)) throw slugTaken(next.slug);
    throw err;
  }
  return getPage(db, workspaceId, ownerUserId, id);
}

export async function deletePage(db: Db, workspaceId: string, ownerUserId: string, id: string): Promise<void> {
  await getPage(db, workspaceId, ownerUserId, id);
  await db.deleteFrom('scheduling_pages').where('id', '=', id).execute();
}
