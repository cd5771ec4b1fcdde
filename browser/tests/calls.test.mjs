// The calls-for-inputs flow end to end, in a real browser: an administrator
// opens a call through the API, a stakeholder registers and submits an input
// with a PDF, a facilitator reads the text extracted from the PDF and
// publishes the input, and the public sees it. Every page on the way must
// pass axe (WCAG 2.1 A and AA).

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { assertAccessible, assertLang, launchBrowser, visit, watchProblems } from '../lib/browser.mjs';
import { repoRoot, startHub } from '../lib/server.mjs';

const PDF = path.join(repoRoot, 'crates/extract/tests/fixtures/input.pdf');
/** A phrase of the PDF's text, which only text extraction can bring. */
const PDF_PHRASE = /telemedicine/i;

const ADMIN = { email: 'admin@example.org', password: 'admin password for the browser tests' };
const FACILITATOR = { email: 'facilitator@example.org', password: 'facilitator password for the browser tests' };
const STAKEHOLDER = {
  email: 'amina@example.org',
  password: 'stakeholder password for the browser tests',
  name: 'Amina Odhiambo',
  organization: 'Rural Health Connect Kenya',
  group: 'civil-society',
  country: 'KEN',
};
const CALL = {
  title: 'WSIS+20 review: digital health',
  description: 'Inputs on what digital health has achieved since the WSIS and what the review should recommend.',
  questions: [
    { text: 'What has your organization done for digital health?', word_limit: 300 },
    { text: 'What should the review recommend?' },
  ],
  deadline: '2030-12-31T23:59:59Z',
  status: 'open',
};
const ANSWERS = [
  'We connect rural clinics in Kisumu County to district hospitals for remote consultations.',
  'The review should fund connectivity for primary health facilities and open health data standards.',
];

describe('calls for inputs, end to end', flow);

function flow() {
  let hub;
  let browser;
  let token;
  let callId;
  let submissionId;
  let failed = false;

  before(async () => {
    hub = await startHub({
      demo: false,
      setup: async (cli) => {
        await cli(['user', 'add', '--email', ADMIN.email, '--role', 'admin'], { stdin: `${ADMIN.password}\n` });
        // Every action line, so the input is in the queue whichever line
        // the mapping suggests for it.
        const lines = Array.from({ length: 11 }, (_, i) => `C${i + 1}`).join(',');
        await cli(
          ['user', 'add', '--email', FACILITATOR.email, '--role', 'facilitator', '--action-lines', lines],
          { stdin: `${FACILITATOR.password}\n` },
        );
        const { stdout } = await cli(['token', 'create', '--email', ADMIN.email]);
        token = stdout.split('\n').map((l) => l.trim()).filter(Boolean).pop();
        assert.ok(token, 'token create printed no token');
      },
    });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await hub?.stop();
  });

  /** A test that is skipped once an earlier step of the flow has failed. */
  function step(name, fn) {
    test(name, async (t) => {
      if (failed) {
        t.skip('an earlier step failed');
        return;
      }
      try {
        await fn();
      } catch (e) {
        failed = true;
        throw e;
      }
    });
  }

  /** A fresh browser context (no cookies) and a page in it. */
  async function freshPage() {
    const context = await browser.newContext({ baseURL: hub.url });
    const page = await context.newPage();
    return { context, page, problems: watchProblems(page) };
  }

  /** The checks every page of the flow gets. */
  async function check(page, problems, what) {
    await assertLang(page);
    await assertAccessible(page, what);
    assert.deepEqual(problems, [], `${what} logged problems`);
  }

  /** Links on a call page to the stakeholder's input. */
  function inputLinks(page) {
    return page
      .locator('main')
      .getByRole('link', { name: STAKEHOLDER.organization })
      .or(page.locator(`main a[href$="/submissions/${submissionId}"]`));
  }

  let stakeholder; // { context, page, problems }, signed in once registered

  step('an administrator opens a call through the API', async () => {
    assert.ok(existsSync(PDF), `the PDF fixture ${PDF} is missing`);
    const unauthorized = await fetch(`${hub.url}/api/v1/calls`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(CALL),
    });
    assert.ok([401, 403].includes(unauthorized.status), `POST /api/v1/calls without a token answered ${unauthorized.status}`);
    const res = await fetch(`${hub.url}/api/v1/calls`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify(CALL),
    });
    const body = await res.text();
    assert.equal(res.status, 201, `POST /api/v1/calls answered ${res.status}: ${body}`);
    callId = JSON.parse(body).id;
    assert.ok(callId !== undefined && callId !== null && `${callId}` !== '', `no id in ${body}`);
  });

  step('a stakeholder registers and is signed in', async () => {
    stakeholder = await freshPage();
    const { page, problems } = stakeholder;
    await visit(page, '/register');
    await check(page, problems, 'the registration form');
    await page.locator('[name="email"]').fill(STAKEHOLDER.email);
    await page.locator('[name="password"]').fill(STAKEHOLDER.password);
    await page.locator('[name="name"]').fill(STAKEHOLDER.name);
    await page.locator('[name="organization"]').fill(STAKEHOLDER.organization);
    await page.locator('select[name="group"]').selectOption(STAKEHOLDER.group);
    await page.locator('select[name="country"]').selectOption(STAKEHOLDER.country);
    const [res] = await Promise.all([
      page.waitForNavigation(),
      page.getByRole('button', { name: 'Create account' }).click(),
    ]);
    assert.ok(res && res.status() < 400, `registering answered ${res?.status()}`);
    assert.ok(!new URL(page.url()).pathname.startsWith('/register'), `registering stayed on ${page.url()}`);
    const cookies = await stakeholder.context.cookies();
    assert.ok(cookies.length > 0, 'registering set no session cookie');
  });

  step('the stakeholder finds the call and reads it', async () => {
    const { page, problems } = stakeholder;
    await visit(page, '/calls');
    await check(page, problems, 'the list of calls');
    await Promise.all([
      page.waitForURL(new RegExp(`/calls/${callId}$`)),
      page.getByRole('link', { name: CALL.title }).click(),
    ]);
    assert.equal((await page.locator('h1').innerText()).trim(), CALL.title);
    const text = await page.locator('main').innerText();
    for (const q of CALL.questions) assert.ok(text.includes(q.text), `the call page lacks the question "${q.text}"`);
    assert.match(text, /2030/, 'the call page does not show the deadline');
    await check(page, problems, 'the call page (signed in)');
  });

  step('the stakeholder answers the call with a PDF and submits the input', async () => {
    const { page, problems } = stakeholder;
    await Promise.all([
      page.waitForURL(new RegExp(`/calls/${callId}/respond$`)),
      page.getByRole('link', { name: 'Answer this call' }).click(),
    ]);
    await check(page, problems, 'the response form');
    for (const [i, q] of CALL.questions.entries()) {
      const box = page.getByLabel(q.text);
      assert.equal(await box.getAttribute('name'), `answer-${i}`, `the field labelled "${q.text}"`);
      assert.equal(await box.evaluate((e) => e.tagName), 'TEXTAREA');
      await box.fill(ANSWERS[i]);
    }
    await page.locator('input[type="file"][name="attachments"]').setInputFiles(PDF);
    assert.equal(await page.getByRole('button', { name: 'Save draft' }).count(), 1, 'no "Save draft" button');
    await Promise.all([
      page.waitForURL(/\/submissions\/[^/?#]+$/),
      page.getByRole('button', { name: 'Submit input' }).click(),
    ]);
    submissionId = new URL(page.url()).pathname.split('/').pop();
    assert.match(await page.locator('main').innerText(), /\bSubmitted\b/, 'the status page does not say "Submitted"');
    await check(page, problems, 'the submission status page');
    await stakeholder.context.close();
  });

  step('the public does not see the input before it is published', async () => {
    const { context, page } = await freshPage();
    try {
      await visit(page, `/calls/${callId}`);
      assert.equal(await inputLinks(page).count(), 0, 'an unpublished input is listed on the public call page');
      assert.ok(!(await page.locator('main').innerText()).includes(STAKEHOLDER.organization), 'the public call page names the unpublished input');
    } finally {
      await context.close();
    }
  });

  step('a facilitator signs in, reads the extracted PDF text and publishes the input', async () => {
    const { context, page, problems } = await freshPage();
    try {
      await visit(page, '/sign-in');
      await check(page, problems, 'the sign-in form');
      await page.locator('[name="email"]').fill(FACILITATOR.email);
      await page.locator('[name="password"]').fill(FACILITATOR.password);
      await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Sign in' }).click()]);
      assert.ok(!new URL(page.url()).pathname.startsWith('/sign-in'), `signing in stayed on ${page.url()}`);

      await visit(page, '/moderation');
      await check(page, problems, 'the moderation queue');
      const byOrg = page.getByRole('link', { name: STAKEHOLDER.organization });
      const link = (await byOrg.count()) > 0 ? byOrg.first() : page.locator('main table a').first();
      assert.equal(await link.count(), 1, 'the moderation queue lists no input');
      await Promise.all([page.waitForURL(/\/submissions\/[^/?#]+$/), link.click()]);
      assert.equal(new URL(page.url()).pathname, `/submissions/${submissionId}`, 'the queue links another input');
      const text = await page.locator('main').innerText();
      assert.match(text, PDF_PHRASE, 'the moderation page does not show the text extracted from the PDF');
      assert.ok(text.includes(ANSWERS[0]), 'the moderation page does not show the answers');
      await check(page, problems, 'the moderation page of the input');
      await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Publish' }).click()]);
    } finally {
      await context.close();
    }
  });

  step('the public sees the published input on the call page and reads it', async () => {
    const { context, page, problems } = await freshPage();
    try {
      await visit(page, `/calls/${callId}`);
      await check(page, problems, 'the public call page');
      const link = inputLinks(page);
      assert.ok((await link.count()) > 0, 'the published input is not listed on the public call page');
      await Promise.all([page.waitForNavigation(), link.first().click()]);
      const text = await page.locator('main').innerText();
      for (const a of ANSWERS) assert.ok(text.includes(a), `the public input page lacks the answer "${a}"`);
      await check(page, problems, 'the public page of the input');
    } finally {
      await context.close();
    }
  });
}
