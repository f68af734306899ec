import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RegisteredApp } from '../../sandbox/server.js';
import { adminConsent, isTokenError, refreshTokens, signInWithPkce, type TokenResponse } from '../helpers/oauthClient.js';
import { control, registerApp, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

const REDIRECT = 'https://crm.example/ms/callback';
const CONTOSO = 'contoso.onmicrosoft.com';
const FABRIKAM = 'fabrikam.onmicrosoft.com';
const PASSWORDS: Record<string, string> = { admin: 'Contoso-Admin-1', adele: 'Contoso-User-1', alex: 'Contoso-User-1', megan: 'Fabrikam-User-1' };

interface Site { id: string; displayName: string }
interface Item { name: string }

// The demo tenants with real sign-ins: Sites.Read.All is granted by an admin for the tenant, or by the
// user where the tenant lets users consent to it, and site membership decides what each user sees.
describe('sandbox sites: Sites.Read.All consent and site membership, on the demo tenants', () => {
  let sb: TestSandbox;
  let app: RegisteredApp;
  const signIn = async (who: string, scopes: string[]): Promise<TokenResponse> => {
    const domain = who === 'megan' ? FABRIKAM : CONTOSO;
    const r = await signInWithPkce({
      sandbox: sb, tenant: domain, clientId: app.clientId, clientSecret: app.clientSecret, redirectUri: REDIRECT,
      upn: `${who}@${domain}`, password: PASSWORDS[who]!, scopes: ['openid', 'offline_access', ...scopes],
    });
    assert.ok(r.ok && r.tokens, JSON.stringify(r));
    return r.tokens;
  };
  const graph = async <T>(token: string, path: string) => {
    const r = await sb.fetch(`${sb.urls.graph}/v1.0${path}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: r.status, body: (await r.json()) as T & { error?: { code: string } } };
  };
  before(async () => {
    sb = await startTestSandbox({ seedDemo: true });
    app = await registerApp(sb, { redirectUris: [REDIRECT] });
  });
  after(() => sb.close());

  test('the demo seed gives each user a small OneDrive, and Contoso two sites (Sales for everyone, Leadership for admin and Adele), Fabrikam one', async () => {
    const adele = await signIn('adele', ['Files.ReadWrite']);
    const root = await graph<{ value: Item[] }>(adele.access_token, '/me/drive/root/children');
    assert.deepEqual(root.body.value.map((i) => i.name), ['Customers', 'Documents', 'Welcome to OneDrive.txt']);
    const docs = await graph<{ value: Item[] }>(adele.access_token, '/me/drive/root:/Documents:/children');
    assert.equal(docs.body.value.length, 2);
    const contoso = await control<{ value: Array<Site & { everyone: boolean; members: string[] }> }>(sb, 'GET', `/control/sites?tenant=admin@${CONTOSO}`);
    assert.deepEqual(contoso.value.map((s) => [s.displayName, s.everyone]), [['Communication site', true], ['Sales', true], ['Leadership', false]]);
    const members = contoso.value[2]!.members.map((id) => sb.context.directory.userById(id)!.userPrincipalName).sort();
    assert.deepEqual(members, [`adele@${CONTOSO}`, `admin@${CONTOSO}`]);
    const fabrikam = await control<{ value: Site[] }>(sb, 'GET', `/control/sites?tenant=megan@${FABRIKAM}`);
    assert.deepEqual(fabrikam.value.map((s) => s.displayName), ['Communication site', 'Marketing']);
  });

  test('Sites.Read.All: 403 until the admin consents for the tenant; then a second user\'s refreshed token carries it and sites answer 200', async () => {
    const adele = await signIn('adele', ['Files.ReadWrite']);
    assert.doesNotMatch(adele.scope, /Sites\.Read\.All/);
    const before = await graph(adele.access_token, '/sites?search=Sales');
    assert.equal(before.status, 403);
    assert.equal(before.body.error?.code, 'accessDenied');
    assert.equal((await graph(adele.access_token, '/sites/root')).status, 403);

    const consent = await adminConsent({ sandbox: sb, tenant: CONTOSO, clientId: app.clientId, redirectUri: REDIRECT, upn: `admin@${CONTOSO}`, password: PASSWORDS.admin!, scopes: ['Sites.Read.All'] });
    assert.equal(consent.params.get('admin_consent'), 'True');
    assert.equal(consent.params.get('error'), null);

    const refreshed = await refreshTokens(sb, { tenant: CONTOSO, clientId: app.clientId, clientSecret: app.clientSecret, refreshToken: adele.refresh_token! });
    assert.ok(!isTokenError(refreshed.body), JSON.stringify(refreshed.body));
    const token = (refreshed.body as TokenResponse);
    assert.match(token.scope, /Sites\.Read\.All/);
    const after = await graph<{ value: Site[] }>(token.access_token, '/sites?search=Sales');
    assert.equal(after.status, 200);
    assert.deepEqual(after.body.value.map((s) => s.displayName), ['Sales']);
    const root = await graph<{ id: string; root: object }>(token.access_token, '/sites/root');
    assert.equal(root.status, 200);
    assert.deepEqual(root.body.root, {});
  });

  test('membership: Alex does not find Leadership and gets 403 on it and its library; Adele and the admin read it', async () => {
    const alex = await signIn('alex', ['Files.ReadWrite']);
    assert.match(alex.scope, /Sites\.Read\.All/, "the tenant's grant reaches every user");
    const all = await graph<{ value: Site[] }>(alex.access_token, '/sites?search=*');
    assert.deepEqual(all.body.value.map((s) => s.displayName).sort(), ['Communication site', 'Sales']);
    const sites = await control<{ value: Array<Site & { drives: Array<{ id: string }> }> }>(sb, 'GET', `/control/sites?tenant=admin@${CONTOSO}`);
    const leadership = sites.value.find((s) => s.displayName === 'Leadership')!;
    const denied = await graph(alex.access_token, `/sites/${leadership.id}`);
    assert.equal(denied.status, 403);
    assert.equal(denied.body.error?.code, 'accessDenied');
    assert.equal((await graph(alex.access_token, `/drives/${leadership.drives[0]!.id}/root/children`)).status, 403);
    assert.equal((await graph(alex.access_token, `/sites/${leadership.id}/drive/root/children`)).status, 403);
    for (const who of ['adele', 'admin']) {
      const t = await signIn(who, ['Files.ReadWrite']);
      const files = await graph<{ value: Item[] }>(t.access_token, `/sites/${leadership.id}/drive/root/children`);
      assert.equal(files.status, 200, who);
      assert.deepEqual(files.body.value.map((i) => i.name).sort(), ['Board minutes.docx', 'Budget 2025.xlsx'], who);
    }
    const sales = sites.value.find((s) => s.displayName === 'Sales')!;
    const salesFiles = await graph<{ value: Item[] }>(alex.access_token, `/sites/${sales.id}/drive/root/children`);
    assert.deepEqual(salesFiles.body.value.map((i) => i.name), ['Contracts', 'Pitch deck.pptx', 'Price list 2025.xlsx']);
  });

  test("a user's own consent grants Sites.Read.All where the tenant lets users consent to it; another tenant's site is 404", async () => {
    await control(sb, 'PUT', `/control/tenants/${FABRIKAM}/admin-only-scopes`, { scopes: [] });
    const megan = await signIn('megan', ['Files.ReadWrite', 'Sites.Read.All']);
    assert.match(megan.scope, /Sites\.Read\.All/);
    const found = await graph<{ value: Site[] }>(megan.access_token, '/sites?search=marketing');
    assert.deepEqual(found.body.value.map((s) => s.displayName), ['Marketing']);
    const contosoSales = (await control<{ value: Site[] }>(sb, 'GET', `/control/sites?tenant=admin@${CONTOSO}`)).value.find((s) => s.displayName === 'Sales')!;
    const other = await graph(megan.access_token, `/sites/${contosoSales.id}`);
    assert.equal(other.status, 404);
    assert.equal(other.body.error?.code, 'itemNotFound');
  });
});
