// Drives Keygate's console (/console) in Debian's Chromium through playwright-core, as ConsoleBrowserTest asks:
//   node console-in-chromium.js <playwright-core dir> <axe.min.js> <base URL> <screenshot dir> <system token>
//        <owner PAT> <viewer PAT>
// Every flow goes through the page as a person would (labels, roles, the keyboard); what a flow produced (a secret,
// a token, a key file) is then used from here, outside the browser, at Keygate's OAuth and API endpoints, as the
// client it was made for would use it. axe-core checks every screen in light and in dark. Prints one line
// "BROWSER_RESULT {json}" with what it saw and measured; the Java test judges it.
const fs = require('fs');
const path = require('path');

const [playwrightDir, axePath, base, shots, systemToken, ownerPat, viewerPat] = process.argv.slice(2);
const { chromium } = require(playwrightDir);
const axeSource = fs.readFileSync(axePath, 'utf8');
const origin = new URL(base).origin;

const result = {
  consoleErrors: [], pageErrors: [], failedRequests: [], foreignRequests: [], cspViolations: [], refusedRequests: [],
  axe: {}, screens: [], checks: {}, screenshots: [],
};
const check = (name, ok, detail) => {
  result.checks[name] = ok ? true : `failed: ${detail === undefined ? '' : JSON.stringify(detail)}`;
};

async function api(method, url, { token, body, form, headers = {} } = {}) {
  const sent = { ...headers };
  if (token) sent.authorization = `Bearer ${token}`;
  let payload;
  if (form) {
    sent['content-type'] = 'application/x-www-form-urlencoded';
    payload = new URLSearchParams(form).toString();
  } else if (body !== undefined) {
    sent['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const res = await fetch(base + url, { method, headers: sent, body: payload });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, json, text };
}

const basic = (id, secret) => ({ authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}` });
const introspects = async (id, secret) => (await api('POST', '/oauth/v2/introspect',
  { form: { token: 'anything' }, headers: basic(id, secret) })).status;

function watch(page) {
  page.setDefaultTimeout(20000);
  page.on('console', (msg) => {
    // Chromium also logs each 4xx/5xx answer a fetch gets; those are judged below, by their answers
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource: the server responded')) {
      result.consoleErrors.push(`${msg.text()} (${msg.location().url})`);
    }
  });
  page.on('response', (response) => {
    if (response.status() >= 400) {
      const { pathname } = new URL(response.url());
      result.refusedRequests.push(`${response.status()} ${response.request().method()} ${pathname}`);
    }
  });
  page.on('pageerror', (error) => result.pageErrors.push(String(error)));
  page.on('requestfailed', (request) => {
    // a download's blob: URL is no request to judge
    if (!request.url().startsWith('blob:')) result.failedRequests.push(`${request.url()} ${request.failure().errorText}`);
  });
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith('data:') && !url.startsWith('blob:') && new URL(url).origin !== origin) {
      result.foreignRequests.push(url);
    }
  });
}

async function newContext(browser, extra = {}) {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 }, colorScheme: 'light', acceptDownloads: true,
    permissions: ['clipboard-read', 'clipboard-write'], ...extra,
  });
  await context.exposeBinding('__keygateCsp', (source, violation) => result.cspViolations.push(violation));
  await context.addInitScript(() => document.addEventListener('securitypolicyviolation',
    (e) => window.__keygateCsp(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`)));
  return context;
}

async function heading(page, text) {
  await page.getByRole('heading', { level: 1, name: text }).waitFor();
}

/** Runs axe on what the page shows now; keeps the serious and critical violations under the screen's name. */
async function audit(page, name) {
  const found = await page.evaluate(async (source) => {
    if (!window.axe) {
      // eslint-disable-next-line no-new-func
      (0, eval)(source);
    }
    const run = await window.axe.run(document, { runOnly: { type: 'tag',
      values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] }, resultTypes: ['violations'] });
    return run.violations.map((v) => ({ id: v.id, impact: v.impact,
      nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  }, axeSource);
  result.axe[name] = found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (!result.screens.includes(name)) result.screens.push(name);
}

async function shot(page, name, fullPage = false) {
  // the passing notices of earlier actions are not part of the screen
  await page.evaluate(() => document.querySelectorAll('.toast').forEach((toast) => toast.remove()));
  const file = path.join(shots, `${name}.png`);
  await page.screenshot({ path: file, fullPage });
  result.screenshots.push(file);
}

/** Goes to a screen by its address (as a link would) and waits until that screen, not the one before, is shown. */
async function goHash(page, hash) {
  const shown = await page.locator('main').getAttribute('data-screens');
  await page.evaluate((h) => {
    if (window.location.hash === h) window.dispatchEvent(new HashChangeEvent('hashchange'));
    else window.location.hash = h;
  }, hash);
  await page.waitForFunction((before) => document.querySelector('main').dataset.screens !== before
    && !document.querySelector('main').hasAttribute('aria-busy'), shown);
}

async function dialogValues(page) {
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  const values = {};
  for (const input of await dialog.locator('input.secret').all()) {
    const label = await page.locator(`label[for="${await input.getAttribute('id')}"]`).textContent();
    values[label] = await input.inputValue();
  }
  return values;
}

/** Closes a show-once dialog, then waits for the screen the console shows after it (every one renders again). */
async function closeSecretDialog(page) {
  const shown = await page.locator('main').getAttribute('data-screens');
  await page.getByRole('button', { name: 'I have stored it' }).click();
  await page.getByRole('dialog').waitFor({ state: 'detached' });
  await page.waitForFunction((before) => document.querySelector('main').dataset.screens !== before
    && !document.querySelector('main').hasAttribute('aria-busy'), shown);
}

async function confirm(page, label) {
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  // the dialog that follows (a new secret) may open at once: wait for this one's own heading to go
  const title = page.locator(`[id="${await dialog.getAttribute('aria-labelledby')}"]`);
  await dialog.getByRole('button', { name: label }).click();
  await title.waitFor({ state: 'detached' });
}

/** Whether a string is anywhere in the page's DOM: markup, attribute or the value of a field. */
async function inDom(page, text) {
  return page.evaluate((t) => document.documentElement.outerHTML.includes(t)
    || [...document.querySelectorAll('input, textarea')].some((i) => i.value.includes(t)), text);
}

(async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true,
    // root cannot use Chromium's sandbox; nothing but our own pages is loaded
    args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  const visited = []; // [name, hash] of every screen, for the dark pass
  try {
    const context = await newContext(browser);
    const page = await context.newPage();
    watch(page);
    const me = await api('GET', '/auth/v1/users/me', { token: ownerPat });
    const org = me.json.user.details.resourceOwner;

    // 1. A deep link while signed out leads to sign-in, and back to the link after it, by keyboard alone
    await page.goto(`${base}/console#/o/${org}/users`);
    await heading(page, 'Sign in to the Keygate console');
    await audit(page, 'sign-in');
    visited.push(['sign-in', null]);
    await shot(page, 'console-sign-in');
    check('signInFieldFocused', await page.evaluate(() => document.activeElement?.name === 'token'));
    await page.keyboard.type(ownerPat);
    await page.keyboard.press('Enter');
    await heading(page, 'Machine users');
    check('deepLinkKeptThroughSignIn', page.url().endsWith(`#/o/${org}/users`), page.url());
    check('tokenNotStored', await page.evaluate(() => localStorage.length === 0 && sessionStorage.length === 0
      && document.cookie === ''));

    // 2. Projects: create one, then an API app whose secret is shown once and copied
    await page.getByRole('link', { name: 'Projects', exact: true }).click();
    await heading(page, 'Projects');
    await audit(page, 'projects');
    visited.push(['projects', `#/o/${org}/projects`]);
    await page.getByLabel('Name', { exact: true }).fill('billing');
    await page.getByRole('button', { name: 'Create project' }).click();
    await heading(page, 'Project billing');
    const projectHash = await page.evaluate(() => window.location.hash);
    const project = projectHash.split('/').pop();
    await audit(page, 'project');
    visited.push(['project', projectHash]);
    await page.getByLabel('Name', { exact: true }).fill('ledger');
    await page.getByRole('button', { name: 'Create API app' }).click();
    const created = await dialogValues(page);
    await audit(page, 'secret-dialog');
    await shot(page, 'console-secret-once');
    const clientId = created['client id'];
    const secret1 = created['client secret'];
    await page.getByRole('button', { name: 'Copy client secret' }).click();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    check('copyButtonCopiesTheSecret', copied === secret1 && secret1.length >= 32, { copiedLength: copied.length });
    await closeSecretDialog(page);
    await heading(page, 'API app ledger');
    check('secretGoneFromTheDomAfterTheDialog', !(await inDom(page, secret1)));
    result.app = { clientId, secret: secret1, project };
    check('copiedSecretAuthenticatesTheApp', await introspects(clientId, secret1) === 200);
    check('aWrongSecretDoesNot', await introspects(clientId, `${secret1}x`) === 400);
    const appHash = await page.evaluate(() => window.location.hash);

    // 3. The use shows as last use (the gateway flushes uses every 100 ms in the test): re-render until it does
    let used = false;
    for (const deadline = Date.now() + 15000; !used && Date.now() < deadline;) {
      await goHash(page, `${appHash}?r=${Date.now()}`);
      await heading(page, 'API app ledger');
      used = await page.getByRole('row', { name: /current/ }).getByText('used today').isVisible();
    }
    check('lastUseShownAfterAGrant', used);
    await audit(page, 'app');
    visited.push(['app', appHash]);

    // 4. Rotation with an overlap: both secrets work, then the overlap ends and the old one stops
    await page.getByLabel('Keep the old secret working for').selectOption({ label: '1 hour' });
    await page.getByRole('button', { name: 'Regenerate secret' }).click();
    await confirm(page, 'Regenerate');
    const secret2 = (await dialogValues(page))['client secret'];
    await closeSecretDialog(page);
    await page.getByRole('row', { name: /previous/ }).waitFor();
    check('bothSecretsWorkDuringTheOverlap', await introspects(clientId, secret1) === 200
      && await introspects(clientId, secret2) === 200);
    check('previousSecretShowsItsExpiry', /expires in (59|60) min/.test(await page.getByRole('row', { name: /previous/ })
      .textContent()));
    await shot(page, 'console-app', true);
    await page.getByRole('button', { name: 'End overlap now' }).click();
    await confirm(page, 'End overlap');
    await page.getByRole('row', { name: /previous/ }).waitFor({ state: 'detached' });
    check('oldSecretFailsAfterTheOverlapEnds', await introspects(clientId, secret1) === 400
      && await introspects(clientId, secret2) === 200);

    // 5. Keys: add one and download its file, then delete it after confirming
    await page.getByRole('button', { name: 'Add key' }).click();
    const keyId = (await dialogValues(page))['key id'];
    const [download] = await Promise.all([page.waitForEvent('download'),
      page.getByRole('button', { name: /^Download / }).click()]);
    const keyFile = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
    check('keyFileDownloaded', keyFile.keyId === keyId && typeof keyFile.key === 'string'
      && keyFile.key.includes('PRIVATE KEY'), Object.keys(keyFile));
    await closeSecretDialog(page);
    const keyRow = page.getByRole('row', { name: new RegExp(keyId) });
    await keyRow.waitFor();
    await keyRow.getByRole('button', { name: 'Delete' }).click();
    await confirm(page, 'Delete key');
    await keyRow.waitFor({ state: 'detached' });
    check('keyDeleted', true);

    // 6. The API's own error in plain words: a second app of the same name
    await goHash(page, projectHash);
    await heading(page, 'Project billing');
    await page.getByLabel('Name', { exact: true }).fill('ledger');
    await page.getByRole('button', { name: 'Create API app' }).click();
    const alert = page.getByRole('alert');
    await alert.getByText(/already/i).waitFor();
    check('apiErrorShownVerbatim', /409/.test(await alert.textContent()), await alert.textContent());

    // 6b. Keyboard only: Tab to the new app's name, type, Enter; the secret has the focus; Tab to copy, Tab to close;
    // the focus returns to the button that opened the dialog
    await page.getByRole('alert').getByRole('button', { name: 'Dismiss' }).click();
    await page.locator('main h1').focus();
    let tabs = 0;
    while (tabs < 40 && !(await page.evaluate(() => document.activeElement?.name === 'name'
      && document.activeElement.closest('form')?.textContent.includes('New API app')))) {
      await page.keyboard.press('Tab');
      tabs += 1;
    }
    check('keyboardReachesTheNewAppForm', tabs < 40, tabs);
    await page.keyboard.type('ledger-keys');
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor();
    const focusedSecret = await page.evaluate(() => document.activeElement?.classList.contains('secret')
      && document.activeElement.labels[0]?.textContent);
    check('dialogFocusesTheSecret', focusedSecret === 'client secret', focusedSecret);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    const keyboardCopied = await page.evaluate(() => navigator.clipboard.readText());
    check('keyboardCopies', keyboardCopied.length === 64, keyboardCopied.length);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await heading(page, 'API app ledger-keys');
    check('keyboardFlowEndsOnTheNewApp', await introspects((await page.getByRole('definition').first()
      .locator('code').textContent()).trim(), keyboardCopied) === 200);

    // 7. Thousands of apps are paged and searched by the API: 120 more, then next page, search, back and forward
    for (let i = 0; i < 120; i += 1) {
      const made = await api('POST', '/zitadel.application.v2.ApplicationService/CreateApplication', { token: ownerPat,
        body: { projectId: project, name: `worker-${String(i).padStart(3, '0')}`, apiConfiguration: {} } });
      if (made.status !== 200) throw new Error(`seeding apps: ${made.text}`);
    }
    await goHash(page, `${projectHash}?page=fresh`);
    await heading(page, 'Project billing');
    await page.getByRole('navigation', { name: 'Pages' }).getByText(/1–50 of 122/).waitFor();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('navigation', { name: 'Pages' }).getByText(/51–100 of 122/).waitFor();
    await page.getByLabel('Search API apps by name').fill('LEDG');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('navigation', { name: 'Pages' }).getByText(/1–2 of 2/).waitFor();
    check('searchFindsTheApps', await page.getByRole('link', { name: 'ledger', exact: true }).isVisible()
      && await page.getByRole('link', { name: 'ledger-keys' }).isVisible());
    await page.goBack();
    await page.getByRole('navigation', { name: 'Pages' }).getByText(/51–100 of 122/).waitFor();
    await page.goForward();
    await page.getByRole('navigation', { name: 'Pages' }).getByText(/1–2 of 2/).waitFor();
    check('backAndForwardWork', true);

    // 8. Machine users: create one with JWT access tokens, its secret buys a token; a PAT with an expiry; a key
    await page.getByRole('link', { name: 'Machine users' }).click();
    await heading(page, 'Machine users');
    await page.getByLabel('User name (its client id)').fill('billing-bot');
    await page.getByLabel('Name', { exact: true }).fill('Billing bot');
    await page.getByLabel('Access token type').selectOption({ label: 'JWT' });
    await page.getByRole('button', { name: 'Create machine user' }).click();
    await heading(page, 'Machine user billing-bot');
    const userHash = await page.evaluate(() => window.location.hash);
    await page.getByRole('button', { name: 'Generate secret' }).click();
    const userSecret = (await dialogValues(page))['client secret'];
    await closeSecretDialog(page);
    const token = await api('POST', '/oauth/v2/token', { form: { grant_type: 'client_credentials', scope: 'openid' },
      headers: basic('billing-bot', userSecret) });
    check('userSecretBuysAJwt', token.status === 200 && token.json.access_token.split('.').length === 3, token.text);
    await page.getByLabel('Token expires (your time zone)').fill('2030-01-01T12:00');
    await page.getByRole('button', { name: 'Add personal access token' }).click();
    const pat = (await dialogValues(page)).token;
    await closeSecretDialog(page);
    const patRow = page.getByRole('table', { name: 'Personal access tokens' }).getByRole('row').nth(1);
    await patRow.waitFor();
    check('patExpiryToTheMinute', /2030/.test(await patRow.textContent()) && /12:00/.test(await patRow.textContent()),
      await patRow.textContent());
    // a machine user without memberships may still ask who it is
    const withPat = await api('GET', '/auth/v1/users/me', { token: pat });
    check('newPatWorks', withPat.status === 200 && withPat.json.user.id === userHash.split('/').pop(), withPat.text);
    await audit(page, 'machine-user');
    visited.push(['machine-user', userHash]);
    await goHash(page, `#/o/${org}/users`);
    await heading(page, 'Machine users');
    await audit(page, 'machine-users');
    visited.push(['machine-users', `#/o/${org}/users`]);

    // 9. Droplit: an ecosystem, a server client, a token that works at Droplit's API
    await page.getByRole('link', { name: 'Droplit' }).click();
    await heading(page, 'Droplit ecosystems');
    await page.getByRole('button', { name: 'Create ecosystem' }).click();
    await heading(page, /^Ecosystem /);
    const ecosystemHash = await page.evaluate(() => window.location.hash);
    const ecosystem = ecosystemHash.split('/').pop();
    await page.getByLabel('Name (optional)').fill('edge');
    await page.getByRole('button', { name: 'Create client' }).click();
    await heading(page, 'Client edge');
    await page.getByRole('button', { name: 'Create token' }).click();
    const clientToken = (await dialogValues(page)).token;
    await closeSecretDialog(page);
    const listed = await api('GET', `/api/clients?ecosystemId=${ecosystem}`, { headers: { authorization: clientToken } });
    check('droplitTokenWorks', listed.status === 200, listed.text);
    await audit(page, 'droplit-client');
    visited.push(['droplit-client', await page.evaluate(() => window.location.hash)]);
    await goHash(page, ecosystemHash);
    await heading(page, /^Ecosystem /);
    await audit(page, 'droplit-ecosystem');
    visited.push(['droplit-ecosystem', ecosystemHash]);

    // 10. Oracle Commerce: an instance administered by a person, who logs in here and makes an application ID
    const shop = await api('POST', '/system/v1/instances/_create', { token: systemToken, body: { instanceName: 'Shop',
      human: { userName: 'amber', email: { email: 'amber@example.com' },
        profile: { firstName: 'Amber', lastName: 'Admin' }, password: { password: 'Correct-Horse-9' } } } });
    const shopInstance = await api('GET', `/system/v1/instances/${shop.json.instanceId}`, { token: systemToken });
    const shopHost = shopInstance.json.instance.domains[0].domain;
    await page.getByRole('link', { name: 'Oracle Commerce' }).click();
    await heading(page, 'Oracle Commerce application IDs');
    await audit(page, 'oracle-login');
    await page.getByLabel('Instance domain').fill(shopHost);
    await page.getByLabel('Admin user name').fill('amber');
    await page.getByLabel('Password').fill('Correct-Horse-9');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByText('Logged in as amber').waitFor();
    await page.getByLabel('Name', { exact: true }).fill('storefront-sync');
    await page.getByRole('button', { name: 'Create application ID' }).click();
    const appKey = (await dialogValues(page))['application key'];
    await closeSecretDialog(page);
    const occLogin = async (key) => (await api('POST', '/ccadmin/v1/login', { token: key,
      form: { grant_type: 'client_credentials' } })).status;
    check('oracleKeyLogsIn', await occLogin(appKey) === 200);
    await page.getByRole('button', { name: 'Regenerate key' }).click();
    await confirm(page, 'Regenerate');
    const appKey2 = (await dialogValues(page))['application key'];
    await closeSecretDialog(page);
    check('oracleRegeneratedKeyReplacesTheOld', await occLogin(appKey2) === 200 && await occLogin(appKey) === 401);
    await audit(page, 'oracle');
    visited.push(['oracle', '#/oracle']);

    // 11. The audit trail: the project made above is there, with its actor; no secret is on the page
    await page.getByRole('link', { name: 'Audit events' }).click();
    await heading(page, 'Audit events');
    await page.getByRole('table', { name: 'Events' }).waitFor();
    const events = await page.getByRole('table', { name: 'Events' }).textContent();
    check('auditShowsTheProject', events.includes(project), events.slice(0, 300));
    check('auditShowsNoSecret', ![secret1, secret2, userSecret, pat, clientToken, appKey].some((s) => events
      .includes(s)));
    await page.getByLabel('Object id').fill(project);
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/aggregateId=/);
    const narrowed = await page.waitForFunction((id) => {
      const rows = [...document.querySelectorAll('table tbody tr')];
      return rows.length > 0 && rows.every((row) => row.textContent.includes(id)) ? rows.length : false;
    }, project, { timeout: 10000 }).then((handle) => handle.jsonValue()).catch(() => 0);
    check('auditFilterNarrows', narrowed >= 1, narrowed);
    await audit(page, 'audit');
    visited.push(['audit', '#/events']);

    // 11b. An instance owner picks another organization and works there
    const second = await api('POST', '/zitadel.org.v2.OrganizationService/AddOrganization', { token: ownerPat,
      body: { name: 'Second' } });
    await page.getByRole('link', { name: 'Organizations' }).click();
    await heading(page, 'Organizations');
    await audit(page, 'organizations');
    visited.push(['organizations', '#/orgs']);
    await page.getByRole('link', { name: 'Second' }).click();
    await heading(page, 'Projects');
    check('organizationInTheUrl', page.url().includes(`#/o/${second.json.organizationId}/projects`), page.url());
    await page.getByLabel('Name', { exact: true }).fill('elsewhere');
    await page.getByRole('button', { name: 'Create project' }).click();
    await heading(page, 'Project elsewhere');
    const elsewhere = (await page.evaluate(() => window.location.hash)).split('/').pop();
    const there = await api('POST', '/zitadel.project.v2.ProjectService/GetProject', { token: ownerPat,
      body: { projectId: elsewhere }, headers: { 'x-zitadel-orgid': second.json.organizationId } });
    check('projectMadeInThePickedOrganization', there.status === 200
      && there.json.project.organizationId === second.json.organizationId, there.text);

    // 12. Dark: every screen again with the system in dark mode
    await page.emulateMedia({ colorScheme: 'dark' });
    for (const [name, hash] of visited) {
      if (!hash) continue;
      await goHash(page, hash);
      await page.locator('main[aria-busy]').waitFor({ state: 'detached' });
      await page.locator('main h1').waitFor();
      await audit(page, `${name}-dark`);
    }
    await goHash(page, appHash);
    await heading(page, 'API app ledger');
    await shot(page, 'console-app-dark', true);

    // 13. A phone's width: nothing wider than the screen
    await page.setViewportSize({ width: 375, height: 800 });
    await page.emulateMedia({ colorScheme: 'light' });
    for (const hash of [projectHash, appHash, userHash]) {
      await goHash(page, hash);
      await page.locator('main h1').waitFor();
      await page.locator('main[aria-busy]').waitFor({ state: 'detached' });
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      check(`fitsAPhone ${hash.split('/').slice(-2, -1)}`, width <= 375, width);
    }
    await shot(page, 'console-phone');
    await page.setViewportSize({ width: 1280, height: 900 });

    // 14. Sign out: the token is gone; the browser's back button does not bring the session back
    await page.getByRole('button', { name: 'Sign out' }).click();
    await heading(page, 'Sign in to the Keygate console');
    await page.goBack();
    await heading(page, 'Sign in to the Keygate console');
    check('signedOutStaysOut', true);

    // 15. The system token sees the instances
    await page.getByLabel('Token').fill(systemToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await heading(page, 'Instances');
    check('instancesListed', (await page.getByRole('table', { name: 'Instances of this Keygate' }).textContent())
      .includes('Shop'));
    await audit(page, 'instances');
    await page.emulateMedia({ colorScheme: 'dark' });
    await audit(page, 'instances-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await context.close();

    // 16. A user who may read but not write: the buttons are disabled, and forcing one gets the API's 403
    const viewer = await newContext(browser);
    const viewerPage = await viewer.newPage();
    watch(viewerPage);
    await viewerPage.goto(`${base}/console#/o/${org}/projects/${project}`);
    await viewerPage.getByLabel('Token').fill(viewerPat);
    await viewerPage.getByRole('button', { name: 'Sign in' }).click();
    await heading(viewerPage, 'Project billing');
    const createButton = viewerPage.getByRole('button', { name: 'Create API app' });
    check('createDisabledWithoutPermission', await createButton.isDisabled());
    check('noAuditLinkWithoutPermission', await viewerPage.getByRole('link', { name: 'Audit events' }).count() === 0);
    await viewerPage.getByLabel('Name', { exact: true }).fill('forced');
    await createButton.evaluate((b) => { b.disabled = false; });
    await createButton.click();
    const refused = viewerPage.getByRole('alert');
    await refused.getByText(/403/).waitFor();
    check('forcedWriteGetsTheApis403', /permission/i.test(await refused.textContent()), await refused.textContent());
    await viewer.close();
  } catch (error) {
    result.error = String(error && error.stack || error);
  } finally {
    await browser.close();
    console.log(`BROWSER_RESULT ${JSON.stringify(result)}`);
  }
})();
