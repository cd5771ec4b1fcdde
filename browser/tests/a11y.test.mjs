// Every public page of the register, in a real browser: WCAG 2.1 A/AA
// rules by axe, the page language, no console errors (such as CSP
// refusals), keyboard skip link, and the list and search working with
// JavaScript turned off.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { assertAccessible, assertLang, launchBrowser, visit, watchProblems } from '../lib/browser.mjs';
import { startHub } from '../lib/server.mjs';

let hub;
let browser;

before(async () => {
  hub = await startHub({ demo: true });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await hub?.stop();
});

/** A fresh page in a fresh context that records its problems. */
async function newPage(options = {}) {
  const context = await browser.newContext({ baseURL: hub.url, ...options });
  const page = await context.newPage();
  return { page, context, problems: watchProblems(page) };
}

/** Checks one loaded page: language, title, one h1, axe, no console errors. */
async function checkPage(page, problems, what) {
  await assertLang(page);
  assert.notEqual((await page.title()).trim(), '', `${what} has an empty <title>`);
  assert.equal(await page.locator('h1').count(), 1, `${what} should have exactly one h1`);
  assert.equal(await page.locator('main#main').count(), 1, `${what} has no <main id="main">`);
  await assertAccessible(page, what);
  assert.deepEqual(problems, [], `${what} logged problems`);
}

/** The WCAG contrast ratio of two opaque CSS `rgb()` colours. */
function contrast(a, b) {
  const luminance = (css) => {
    const [r, g, bl] = css.match(/[\d.]+/g).slice(0, 3).map((v) => {
      const c = Number(v) / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

describe('public pages pass axe (WCAG 2.1 A and AA)', () => {
  const pages = [
    ['home', '/'],
    ['initiative list', '/initiatives'],
    ['search results', '/initiatives?q=health'],
    ['search without results', '/initiatives?q=zzzxqnothingmatches'],
    ['list filtered by SDG', '/initiatives?sdg=SDG3'],
    ['list filtered twice, second page', '/initiatives?sdg=SDG3&group=civil-society&page=2'],
    ['action line page', '/action-lines/C7'],
    ['SDG page', '/sdgs/SDG5'],
    ['GDC page', '/gdc/GDC2'],
    ['unknown address (404)', '/no-such-page', 404],
    ['unknown initiative (404)', '/initiatives/no-such-initiative', 404],
  ];
  for (const [what, path, status] of pages) {
    test(`${what}: ${path}`, async () => {
      const { page, context, problems } = await newPage();
      try {
        await visit(page, path, status ?? 200);
        await checkPage(page, problems, `${what} (${path})`);
      } finally {
        await context.close();
      }
    });
  }

  test('the check itself fails on a page with violations', async () => {
    const { page, context } = await newPage();
    try {
      await page.setContent('<html><head><title>bad</title></head><body><main><img src="/x.png"><p style="color:#bbb">faint</p></main></body></html>');
      await assert.rejects(assertAccessible(page, 'a bad page'), (e) => {
        assert.match(e.message, /html-has-lang/);
        assert.match(e.message, /image-alt \[critical\]/);
        assert.match(e.message, /color-contrast \[serious\]/);
        assert.match(e.message, /https:\/\/dequeuniversity\.com\/rules\/axe\//);
        return true;
      });
    } finally {
      await context.close();
    }
  });

  test('an initiative page, reached from the list', async () => {
    const { page, context, problems } = await newPage();
    try {
      await visit(page, '/initiatives');
      const first = page.locator('.results .summary h3 a').first();
      const title = (await first.innerText()).trim();
      assert.notEqual(title, '', 'the first result has no title');
      await Promise.all([page.waitForURL(/\/initiatives\/[^/?]+$/), first.click()]);
      assert.equal((await page.locator('h1').innerText()).trim(), title);
      await checkPage(page, problems, `initiative page (${page.url()})`);
    } finally {
      await context.close();
    }
  });
});

describe('the register works as a person uses it', () => {
  test('search narrows the list and keeps the query in the form', async () => {
    const { page, context } = await newPage();
    try {
      await visit(page, '/initiatives');
      const all = await page.locator('.results .summary').count();
      assert.ok(all > 0, 'the demo register lists no initiative');
      await page.getByLabel('Search').first().fill('health');
      await Promise.all([page.waitForURL(/q=health/), page.getByRole('button', { name: 'Search' }).click()]);
      assert.equal(await page.locator('#q').inputValue(), 'health');
      const hits = page.locator('.results .summary');
      assert.ok((await hits.count()) > 0, 'searching "health" found nothing in the demo data');
      // Every hit shows where it matched, or at least mentions health.
      const text = (await page.locator('.results').innerText()).toLowerCase();
      assert.match(text, /health/);
    } finally {
      await context.close();
    }
  });

  test('a facet link filters, shows the filter and can remove it', async () => {
    const { page, context } = await newPage();
    try {
      await visit(page, '/initiatives?sdg=SDG3');
      const active = page.locator('section.active');
      assert.equal(await active.count(), 1, 'no active-filter section for ?sdg=SDG3');
      assert.match(await active.innerText(), /SDG ?3|Good health/i);
      // Every listed initiative carries the SDG3 code.
      const rows = page.locator('.results .summary');
      const n = await rows.count();
      assert.ok(n > 0, 'no initiative is mapped to SDG3 in the demo data');
      for (let i = 0; i < n; i++) {
        const codes = await rows.nth(i).locator('.codes a').allInnerTexts();
        assert.ok(codes.includes('SDG3'), `result ${i + 1} lacks SDG3: ${codes.join(' ')}`);
      }
      await Promise.all([page.waitForURL((u) => !u.search.includes('sdg=')), active.getByRole('link').last().click()]);
      assert.equal(await page.locator('section.active').count(), 0);
    } finally {
      await context.close();
    }
  });

  test('the skip link is the first stop, readable when focused, and moves focus to the main content', async () => {
    const { page, context } = await newPage();
    try {
      await visit(page, '/initiatives');
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => document.activeElement?.className);
      assert.equal(focused, 'skip', 'Tab does not reach the skip link first');
      const box = await page.locator('a.skip').boundingBox();
      assert.ok(box && box.y >= 0 && box.x >= 0, `the focused skip link is off screen: ${JSON.stringify(box)}`);
      // axe takes text as dark as its background for deliberately hidden
      // text, so it cannot catch an unreadable focused skip link: measure it.
      const { color, background } = await page.evaluate(() => {
        const s = getComputedStyle(document.activeElement);
        return { color: s.color, background: s.backgroundColor };
      });
      const ratio = contrast(color, background);
      assert.ok(ratio >= 4.5, `the focused skip link has contrast ${ratio.toFixed(2)}:1 (${color} on ${background})`);
      await page.keyboard.press('Enter');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
    } finally {
      await context.close();
    }
  });

  test('pages reflow at 320 CSS pixels without sideways scrolling (WCAG 1.4.10)', async () => {
    const { page, context } = await newPage({ viewport: { width: 320, height: 640 } });
    try {
      // Every demo initiative (long URLs in attributions, long codes in
      // tables) and one page of each framework.
      const paths = ['/', '/initiatives?sdg=SDG3', '/action-lines/C7', '/sdgs/SDG5', '/gdc/GDC2'];
      for (let n = 1; n <= 3; n++) {
        await visit(page, `/initiatives?page=${n}`);
        paths.push(...(await page.locator('.results .summary h3 a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))));
      }
      assert.ok(paths.length >= 5 + 48, `found only ${paths.length - 5} initiatives`);
      for (const path of paths) {
        await visit(page, path);
        const [scroll, width] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
        assert.ok(scroll <= width, `${path} is ${scroll}px wide in a ${width}px window`);
      }
    } finally {
      await context.close();
    }
  });

  test('with JavaScript off the list, search form, facets and pager still work', async () => {
    const { page, context } = await newPage({ javaScriptEnabled: false });
    try {
      // Proof that scripts really are off in this context.
      await page.setContent('<p id="js">off</p><script>document.getElementById("js").textContent = "on"</script>');
      assert.equal(await page.locator('#js').innerText(), 'off', 'JavaScript is not off');

      await visit(page, '/initiatives');
      assert.ok((await page.locator('.results .summary').count()) > 0, 'no results without JavaScript');
      const form = page.getByRole('search');
      assert.equal(await form.count(), 1, 'no search form without JavaScript');
      await form.getByRole('searchbox').fill('health');
      await Promise.all([page.waitForURL(/q=health/), form.getByRole('button').click()]);
      assert.ok((await page.locator('.results .summary').count()) > 0, 'search without JavaScript found nothing');

      await visit(page, '/initiatives');
      const facet = page.locator('.facet a').first();
      const href = await facet.getAttribute('href');
      await Promise.all([page.waitForURL((u) => u.href.endsWith(href)), facet.click()]);
      assert.equal(await page.locator('section.active').count(), 1, 'a facet link did not filter');

      // 48 demo initiatives, 20 a page: there is a second page.
      await visit(page, '/initiatives');
      await Promise.all([page.waitForURL(/page=2/), page.locator('.pager a[rel="next"]').click()]);
      assert.match(await page.locator('.pager a[aria-current="page"]').innerText(), /\b2\b/);
      assert.ok((await page.locator('.results .summary').count()) > 0, 'page 2 is empty');
    } finally {
      await context.close();
    }
  });
});
