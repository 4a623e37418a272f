// Drives Keygate's /docs page in Debian's Chromium through playwright-core, as ApiDocsBrowserTest asks:
//   node docs-in-chromium.js <playwright-core dir> <base URL> <screenshot.png> <PAT> <projectId>
// Opens the landing page and follows its link to the docs, switches to the ZITADEL management contract, expands
// AddAPIApp, takes the screenshot, then uses "Try it out" with the PAT to create an app in the project. Prints one
// line "BROWSER_RESULT {json}" with what it saw; the Java test judges it.
const [playwrightDir, base, screenshot, pat, projectId] = process.argv.slice(2);
const { chromium } = require(playwrightDir);

const MANAGEMENT = "ZITADEL management API (v1)";
const CONTRACT = "/openapi/zitadel-management.yaml";

(async () => {
  const result = {
    consoleErrors: [], pageErrors: [], failedRequests: [], foreignRequests: [], contractStatus: null,
    landingTitle: null, landingRows: 0, definitions: [], operations: [], addApiAppExpanded: false,
    tryItOut: null, deepLinkSelected: null, screenshot: null
  };
  const origin = new URL(base).origin;
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    // root cannot use Chromium's sandbox; nothing but our own pages is loaded
    args: ["--no-sandbox", "--disable-dev-shm-usage"]
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(30000);
    page.on("console", msg => {
      if (msg.type() === "error") result.consoleErrors.push(msg.text() + " (" + msg.location().url + ")");
    });
    page.on("pageerror", error => result.pageErrors.push(String(error)));
    page.on("requestfailed", request => result.failedRequests.push(request.url() + " " + request.failure().errorText));
    page.on("request", request => {
      if (new URL(request.url()).origin !== origin && !request.url().startsWith("data:")) {
        result.foreignRequests.push(request.url());
      }
    });
    page.on("response", response => {
      if (new URL(response.url()).pathname === CONTRACT) result.contractStatus = response.status();
    });

    // the landing page: one row per surface, and its "API docs" link leads to the docs
    await page.goto(base + "/", { waitUntil: "load" });
    result.landingTitle = await page.title();
    result.landingRows = await page.locator("tbody tr").count();
    await Promise.all([page.waitForURL(base + "/docs"), page.getByRole("link", { name: "API docs" }).click()]);
    const select = page.locator(".topbar select");
    await select.waitFor();
    await page.locator(".opblock").first().waitFor();
    result.definitions = await select.locator("option").allTextContents();

    const contractLoaded = page.waitForResponse(r => new URL(r.url()).pathname === CONTRACT);
    await select.selectOption({ label: MANAGEMENT });
    await contractLoaded;
    const operation = page.locator("[id$='-AddAPIApp']").first();
    await operation.waitFor();
    result.operations = await page.locator(".opblock .opblock-summary-path").allTextContents();

    await operation.locator(".opblock-summary").first().click();
    await operation.locator(".opblock-body").waitFor();
    result.addApiAppExpanded = await operation.locator(".opblock-body").isVisible();
    // from the definition selector down to AddAPIApp's request body: what a reader sees of the page
    const bottom = await operation.locator(".opblock-section-request-body").evaluate(
        element => Math.ceil(element.getBoundingClientRect().bottom + window.scrollY));
    await page.screenshot({ path: screenshot, fullPage: true, clip: { x: 0, y: 0, width: 1280, height: bottom } });
    result.screenshot = screenshot;

    // Try it out: authorize with the PAT, then create an app through the page
    await page.locator(".scheme-container button.authorize").click();
    await page.locator(".modal-ux input").first().fill(pat);
    await page.locator(".modal-ux button.authorize").first().click();
    await page.locator(".modal-ux button.btn-done").first().click();
    await operation.locator("button.try-out__btn").click();
    await operation.locator("tr[data-param-name='projectId'] input").fill(projectId);
    await operation.locator("textarea.body-param__text").fill(JSON.stringify({
      name: "from-the-docs", authMethodType: "API_AUTH_METHOD_TYPE_BASIC"
    }));
    const created = page.waitForResponse(r => r.request().method() === "POST"
        && new URL(r.url()).pathname === "/management/v1/projects/" + projectId + "/apps/api");
    await operation.locator("button.execute").click();
    const response = await created;
    const shown = operation.locator(".live-responses-table tbody .response-col_status").first();
    await shown.waitFor();
    result.tryItOut = {
      url: response.url(),
      status: response.status(),
      body: await response.json(),
      shownStatus: (await shown.textContent()).trim()
    };

    // the landing page's link to one surface's docs opens the docs on that contract
    await page.goto(base + "/docs/?urls.primaryName=" + encodeURIComponent(MANAGEMENT), { waitUntil: "load" });
    await page.locator("[id$='-AddAPIApp']").first().waitFor();
    result.deepLinkSelected = await page.locator(".topbar select").inputValue();
  } finally {
    await browser.close();
  }
  console.log("BROWSER_RESULT " + JSON.stringify(result));
})().catch(error => {
  console.error(error && error.stack || String(error));
  process.exit(1);
});
