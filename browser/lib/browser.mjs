// Debian's Chromium driven by playwright-core, and the accessibility check.
//
// No Playwright-downloaded browser is used: CHROMIUM_PATH (default
// /usr/bin/chromium, the Debian package) is launched headless.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';

import { AxeBuilder } from '@axe-core/playwright';
import { chromium } from 'playwright-core';

/** The WCAG 2.0 and 2.1 A and AA rules; every page must pass all of them. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Launches headless Chromium. */
export async function launchBrowser() {
  const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    throw new Error(`no Chromium at ${executablePath}: apt-get install chromium, or set CHROMIUM_PATH`);
  }
  return chromium.launch({
    executablePath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // This machine's network is closed: no QUIC probes, no first-run work.
      '--disable-quic',
      '--no-first-run',
    ],
  });
}

/** One line per failing node: rule, impact, target, help URL. */
export function describeViolations(violations) {
  const lines = [];
  for (const v of violations) {
    for (const node of v.nodes) {
      lines.push(`  ${v.id} [${v.impact}] ${JSON.stringify(node.target)}: ${v.help} (${v.helpUrl})`);
      if (node.failureSummary) {
        lines.push(`    ${node.failureSummary.replace(/\n/g, '\n    ')}`);
      }
    }
  }
  return lines.join('\n');
}

/** Runs axe on the page as it is and fails on any WCAG A/AA violation. */
export async function assertAccessible(page, what = page.url()) {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  assert.ok(results.passes.length > 0, `axe checked nothing on ${what}`);
  if (results.violations.length > 0) {
    assert.fail(`${results.violations.length} accessibility rule(s) fail on ${what}:\n${describeViolations(results.violations)}`);
  }
}

/** Asserts that `<html lang>` names a language. */
export async function assertLang(page) {
  const lang = await page.getAttribute('html', 'lang');
  assert.match(lang ?? '', /^[a-z]{2,3}(-[A-Za-z0-9]+)*$/, `<html lang> is ${JSON.stringify(lang)} on ${page.url()}`);
}

/**
 * Goes to `url` and asserts the HTTP status (200 unless told). Returns the
 * response.
 */
export async function visit(page, url, status = 200) {
  const res = await page.goto(url, { waitUntil: 'load' });
  assert.ok(res, `no response for ${url}`);
  assert.equal(res.status(), status, `GET ${url} answered ${res.status()}`);
  return res;
}

/**
 * Records what goes wrong while a page runs: console errors (such as CSP
 * refusals), uncaught script errors and failed requests. Returns the live
 * list. Chromium logs every 4xx/5xx response as a console error; those are
 * left out, since the tests check statuses themselves.
 */
export function watchProblems(page) {
  const problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !/the server responded with a status of [45]\d\d/.test(m.text())) {
      problems.push(`console: ${m.text()}`);
    }
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  return problems;
}
