import type { SandboxContext } from '../../core/context.js';
import { folderSync, putSync } from '../drive/bulk.js';
import { rootOf } from '../drive/store.js';
import type { SiteRow } from './schema.js';
import { createSite, ensureRootSite, librariesOf } from './store.js';

const text = (s: string) => Buffer.from(s, 'utf8');

function fill(ctx: SandboxContext, site: SiteRow, files: Array<[string, string]>, by: string | null): void {
  const root = rootOf(ctx.db, librariesOf(ctx, site)[0]!.id);
  ctx.db.transaction(() => {
    for (const [path, content] of files) {
      const parts = path.split('/');
      const name = parts.pop()!;
      putSync(ctx, folderSync(ctx, root, parts, by), name, text(content), by);
    }
  })();
}

/**
 * The demo tenants' SharePoint: Contoso's "Sales" site, readable by everyone in Contoso, and
 * "Leadership", readable only by the admin and Adele; Fabrikam's "Marketing", readable by all of
 * Fabrikam. Every tenant also has its root site, made on first use.
 */
export function seedDemoSites(ctx: SandboxContext, users: Array<{ id: string; tenant: string }>): void {
  const idOf = (upn: string) => users.find((u) => ctx.directory.userById(u.id)?.userPrincipalName === upn)?.id;
  const tenantOf = (domain: string) => {
    const u = users.find((x) => x.tenant === domain);
    return u ? ctx.directory.userById(u.id)?.tenantId : undefined;
  };
  const contoso = tenantOf('contoso.onmicrosoft.com');
  const fabrikam = tenantOf('fabrikam.onmicrosoft.com');
  if (contoso) {
    ensureRootSite(ctx, contoso);
    const admin = idOf('admin@contoso.onmicrosoft.com') ?? null;
    const sales = createSite(ctx, { tenantId: contoso, name: 'Sales', displayName: 'Sales', description: 'Price lists, pitch decks and contracts', everyone: true });
    fill(ctx, sales, [['Price list 2025.xlsx', 'Product,Price\nStandard,100\nPremium,250\n'], ['Pitch deck.pptx', 'Why Contoso: ten slides.\n'],
      ['Contracts/Northwind MSA.pdf', 'Master services agreement with Northwind Traders.\n']], admin);
    const members = [admin, idOf('adele@contoso.onmicrosoft.com')].filter((u): u is string => !!u);
    const leadership = createSite(ctx, { tenantId: contoso, name: 'Leadership', displayName: 'Leadership', description: 'Board papers and budgets', everyone: false, members });
    fill(ctx, leadership, [['Board minutes.docx', 'Minutes of the quarterly board meeting.\n'], ['Budget 2025.xlsx', 'Team,Budget\nSales,1200000\n']], admin);
  }
  if (fabrikam) {
    ensureRootSite(ctx, fabrikam);
    const marketing = createSite(ctx, { tenantId: fabrikam, name: 'Marketing', displayName: 'Marketing', description: 'Brand and campaigns', everyone: true });
    fill(ctx, marketing, [['Brand guidelines.pdf', 'Logo, colours and tone of voice.\n'], ['Campaigns/Spring launch.pptx', 'Spring launch plan.\n']], idOf('megan@fabrikam.onmicrosoft.com') ?? null);
  }
}
