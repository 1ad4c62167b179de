// Browser end-to-end test of the newsgraph explorer, on the seeds graph.
//
//   node explorer.mjs BASE_URL SCREENSHOT.png
//
// BASE_URL is a running "newsgraph serve" over a store built from the
// seed articles (browser_test.go starts one). Debian's chromium
// (/usr/bin/chromium, or $CHROMIUM) runs headless through playwright-core.
// The page must not ask for anything outside BASE_URL: every other request
// is refused and fails the test. Prints one line per check and
// "N passed, N failed"; exits 1 when a check fails.

import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const [base, shot] = process.argv.slice(2);
if (!base || !shot) {
  console.error('usage: node explorer.mjs BASE_URL SCREENSHOT.png');
  process.exit(2);
}
const origin = new URL(base).origin;

let passed = 0;
let failed = 0;
async function check(name, fn) {
  try {
    await fn();
    passed++;
    console.log('ok - ' + name);
  } catch (err) {
    failed++;
    console.log('not ok - ' + name + ': ' + String(err && err.message ? err.message : err).split('\n')[0]);
  }
}
function expect(cond, msg) {
  if (!cond) throw new Error(msg);
}

const profile = mkdtempSync(join(tmpdir(), 'newsgraph-e2e-'));
// A persistent context on a new, empty profile directory: playwright
// passes it to chromium as --user-data-dir.
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
  viewport: { width: 1440, height: 1000 },
});
const outside = [];
const pageErrors = [];
try {
  context.setDefaultTimeout(15000);
  // Nothing may come from anywhere but the server.
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(origin + '/') || url.startsWith('data:')) return route.continue();
    outside.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  page.on('pageerror', (err) => pageErrors.push(err.message));
  page.on('console', (msg) => { if (msg.type() === 'error') pageErrors.push(msg.text()); });

  await check('the page loads from the binary and starts', async () => {
    const res = await page.goto(base, { waitUntil: 'load' });
    expect(res && res.ok(), 'status ' + (res && res.status()));
    await page.waitForSelector('body[data-ready="true"]');
    expect((await page.title()) === 'newsgraph explorer', 'title ' + (await page.title()));
    const stats = await page.textContent('#stats');
    expect(/^2 documents/.test(stats), 'stats: ' + stats);
  });

  await check('searching "Lee" finds Lee Jae-myung', async () => {
    await page.fill('#search', 'Lee');
    const first = page.locator('#search-results li[data-iri]').first();
    await first.waitFor();
    const text = await first.textContent();
    expect(text.includes('Lee Jae-myung'), 'first result: ' + text);
    expect((await first.getAttribute('data-kind')) === 'person', 'kind');
    await first.click();
    await page.waitForSelector('#details .entity-name:text("Lee Jae-myung")');
  });

  await check('the neighbourhood is drawn with a shape and colour per kind', async () => {
    await page.waitForSelector('#graph .node.selected');
    const kinds = await page.$$eval('#graph .node', (ns) => [...new Set(ns.map((n) => n.dataset.kind))].sort());
    for (const k of ['country', 'event', 'person']) expect(kinds.includes(k), 'kinds drawn: ' + kinds);
    const looks = await page.$$eval('#graph .node', (ns) => {
      const out = {};
      for (const n of ns) {
        const s = n.querySelector('.shape');
        out[n.dataset.kind] = s.tagName + ' ' + getComputedStyle(s).fill;
      }
      return out;
    });
    const distinct = new Set(Object.values(looks));
    expect(distinct.size === Object.keys(looks).length, 'shapes and colours not distinct: ' + JSON.stringify(looks));
  });

  await check('clicking an event expands it', async () => {
    const before = await page.locator('#graph .node').count();
    const ev = page.locator('#graph .node[data-kind="event"][data-iri*="/event/meeting/2025-11-01/"]');
    await ev.click();
    await page.waitForSelector('#graph .node.selected[data-iri*="/event/meeting/2025-11-01/"]');
    const after = await page.locator('#graph .node').count();
    expect(after > before, `nodes ${before} → ${after}`);
    const kinds = await page.$$eval('#graph .node', (ns) => [...new Set(ns.map((n) => n.dataset.kind))]);
    for (const k of ['topic', 'place']) expect(kinds.includes(k), 'kinds after expanding: ' + kinds);
    expect(await page.locator('#graph .node.expanded[data-iri*="/event/meeting/2025-11-01/"]').count() === 1, 'not marked expanded');
  });

  await check('the timeline shows both Xi–Lee meetings between South Korea and China', async () => {
    await page.waitForSelector('#timeline .tl-item');
    const a = await page.$eval('#tl-a', (s) => s.options[s.selectedIndex].text);
    const b = await page.$eval('#tl-b', (s) => s.options[s.selectedIndex].text);
    expect(a === 'South Korea' && b.startsWith('China'), `between ${a} and ${b}`);
    const meetings = await page.$$eval('#timeline .tl-item[data-type="meeting"]', (ls) => ls.map((l) => ({ date: l.dataset.date, text: l.textContent })));
    expect(meetings.length === 2, 'meetings: ' + JSON.stringify(meetings));
    const want = { '2025-11-01': 'Gyeongju', '2026-01-05': 'Beijing' };
    for (const [date, place] of Object.entries(want)) {
      const m = meetings.find((x) => x.date === date);
      expect(m, 'no meeting on ' + date);
      for (const s of [place, 'Xi Jinping', 'Lee Jae-myung']) expect(m.text.includes(s), `${date}: no "${s}" in ${m.text}`);
    }
    expect(await page.locator('#timeline .tl-item[data-type="agreement"]').count() >= 2, 'agreements missing');
    expect(await page.locator('#tl-axis .mark').count() >= 4, 'axis marks missing');
  });

  await check('a fact of the details panel opens its source sentence and article', async () => {
    await page.fill('#search', 'Lee');
    await page.locator('#search-results li[data-iri*="/person/lee-jae-myung"]').first().click();
    await page.waitForSelector('#details .entity-name:text("Lee Jae-myung")');
    await page.locator('#details .facts li[data-p="schema:nationality"] button.source').click();
    await page.waitForSelector('#drawer:not([hidden]) .article');
    const articles = await page.locator('#drawer .article').count();
    expect(articles === 2, 'articles: ' + articles);
    const sentence = await page.locator('#drawer blockquote.sentence').first().textContent();
    expect(/Lee/.test(sentence) && /Korea/.test(sentence), 'sentence: ' + sentence);
    expect(await page.locator('#drawer blockquote.sentence mark').count() > 0, 'names not marked');
    await page.click('#drawer-close');
  });

  await check('a link in the graph opens the source of its fact', async () => {
    await page.locator('#graph .edge-group[data-p="schema:attendee"]').first().dispatchEvent('click');
    await page.waitForSelector('#drawer:not([hidden]) blockquote.sentence[data-match="direct"]');
    await page.click('#drawer-close');
  });

  await check('a meeting on the timeline opens its source sentence and article', async () => {
    await page.locator('#timeline .tl-item[data-type="meeting"][data-date="2025-11-01"] button.source').click();
    await page.waitForSelector('#drawer:not([hidden]) .article');
    const headline = await page.textContent('#drawer .article-head');
    expect(headline.includes('Xi says China willing to work with S. Korea'), 'headline: ' + headline);
    const sentences = await page.$$eval('#drawer blockquote.sentence', (bs) => bs.map((b) => b.textContent));
    expect(sentences.some((s) => s.includes('Xi said during his talks with South Korean President Lee Jae-myung')), 'sentences: ' + sentences.join(' | '));
  });

  await check('the article lists the facts read from it', async () => {
    await page.locator('#drawer .article-head button').click();
    await page.waitForSelector('#drawer-title:text("Article")');
    const body = await page.textContent('#drawer-body');
    expect(body.includes('Meeting of Xi Jinping and Lee Jae-myung in Gyeongju, 2025-11-01'), 'no meeting in the article view');
    expect(body.includes('cooperation documents'), 'no agreement in the article view');
    await page.click('#drawer-close');
  });

  await check('a saved query runs from the page', async () => {
    await page.click('#queries-box > summary');
    await page.selectOption('#query-name', 'meetings-between');
    await page.fill('#query-params input[name="a"]', 'Xi');
    await page.fill('#query-params input[name="b"]', 'ROK');
    await page.click('#query-form button[type="submit"]');
    await page.waitForSelector('#query-result table.rows');
    const rows = await page.locator('#query-result tbody tr').count();
    expect(rows === 2, 'rows: ' + rows);
  });

  await check('the screenshot is saved', async () => {
    await page.click('#queries-box > summary'); // fold the queries again
    await page.locator('#timeline .tl-item[data-type="meeting"][data-date="2025-11-01"] button.source').click();
    await page.waitForSelector('#drawer:not([hidden]) .article');
    await page.evaluate(() => window.scrollTo(0, 0));
    mkdirSync(dirname(shot), { recursive: true });
    await page.screenshot({ path: shot, fullPage: true });
  });

  await check('nothing was fetched from elsewhere and no script failed', async () => {
    expect(outside.length === 0, 'requests outside the server: ' + outside.join(', '));
    expect(pageErrors.length === 0, 'page errors: ' + pageErrors.join(' | '));
  });
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
