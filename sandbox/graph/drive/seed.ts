import type { SandboxContext } from '../../core/context.js';
import { folderSync, putSync } from './bulk.js';
import { ensureUserDrive, rootOf } from './store.js';

const DAY = 86_400_000;
const text = (s: string) => Buffer.from(s, 'utf8');

/**
 * A demo user's OneDrive: a welcome file at the root, `Documents` with a proposal and meeting
 * notes, `Customers` with a price list. Office files hold plain text (the sandbox does not render
 * them). Small and the same every time, so demos and tests can name them.
 */
export function seedOneDrive(ctx: SandboxContext, userId: string): void {
  const drive = ensureUserDrive(ctx, userId);
  const root = rootOf(ctx.db, drive.id);
  const name = ctx.directory.userById(userId)?.displayName ?? 'you';
  const now = ctx.now();
  ctx.db.transaction(() => {
    putSync(ctx, root, 'Welcome to OneDrive.txt', text(`Hello ${name}, this is your OneDrive in the sandbox tenant.\n`), userId, now - 30 * DAY);
    const docs = folderSync(ctx, root, ['Documents'], userId);
    putSync(ctx, docs, 'Proposal - Northwind.docx', text('Proposal for Northwind Traders: scope, pricing and timeline.\n'), userId, now - 12 * DAY);
    putSync(ctx, docs, 'Meeting notes.txt', text('Kick-off with Northwind: agreed next steps and owners.\n'), userId, now - 3 * DAY);
    const customers = folderSync(ctx, root, ['Customers'], userId);
    putSync(ctx, customers, 'Price list 2025.xlsx', text('Product,Price\nStandard,100\nPremium,250\n'), userId, now - 45 * DAY);
  })();
}
