// End-to-end tests of the specialist console (/console/) and the supervisor dashboard
// (/dashboard/): headless Chromium against the test server (the real gateway with a fake
// clock and POST /test/clock), a private redis-server, users made with the real CLI.
//   node consoles.test.mjs TEST_SERVER_BINARY ADVIESLIJN_BINARY SOURCE_DIR [OUTPUT_DIR]
// Exits 77 (ctest: skipped) when /usr/bin/chromium is not installed.
import { describe, test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import {
  testArguments, freePort, tempDir, startRedis, stopProcess, writeConfig, startGateway, launchHeadless, addUser,
  createCallback, advanceClock, redisCli,
} from './harness.mjs';

const { TEST_SERVER_BINARY: serverBinary, ADVIESLIJN_BINARY: cliBinary, SOURCE_DIR: sourceDir, OUTPUT_DIR: outDir } =
  testArguments('consoles.test.mjs', ['TEST_SERVER_BINARY', 'ADVIESLIJN_BINARY', 'SOURCE_DIR']);

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const PASSWORD = 'correct horse battery staple';
const XSS = '<script>window.__xss=1</script><img src=x onerror="window.__xss=1">';
// The demo tenant with a one-hour SLA, so a breach needs only a little over an hour of fake
// time; sessions last longer than everything the tests advance the clock by.
const SLA_MS = 60 * 60 * 1000;

let dir, redis, server, browser;
const contexts = [];

before(async () => {
  dir = tempDir('advieslijn-consoles-');
  redis = await startRedis(dir);
  const port = await freePort();
  const configFile = writeConfig(sourceDir, dir, [`http://127.0.0.1:${port}`]);
  const config = JSON.parse(readFileSync(configFile, 'utf8'));
  for (const tenant of config.tenants) tenant.sla = { ...tenant.sla, hours: 1, urgent_minutes: 15, second_level_hours: 4 };
  config.auth = {
    ...config.auth,
    session_idle_minutes: 24 * 60,
    session_absolute_hours: 7 * 24,
    login_attempts_per_account: 1000,
    login_attempts_per_address: 100000,
  };
  writeFileSync(configFile, JSON.stringify(config, null, 2));

  for (const user of [
    { username: 'alice', role: 'specialist', name: 'Alice de Vries' },
    { username: 'bob', role: 'specialist', name: 'Bob Jansen' },
    { username: 'mallory', role: 'specialist', name: `Mallory ${XSS}` },
    { username: 'sam', role: 'supervisor', name: 'Sam Supervisor' },
  ]) addUser(cliBinary, redis.port, { ...user, password: PASSWORD });

  server = await startGateway({ binary: serverBinary, config: configFile, port, redisPort: redis.port, dir, name: 'test-server' });
  browser = await launchHeadless();
});

after(async () => {
  await browser?.close();
  if (server) await stopProcess(server.child);
  if (redis) await stopProcess(redis.child);
});

afterEach(async () => {
  while (contexts.length) await contexts.pop().close().catch(() => {});
});

// ---------------------------------------------------------------------------------------
// Helpers

// A page in a fresh browser context (its own cookie jar), so two users can be logged in at once.
async function openPage(pathname, { width = 1280, height = 900 } = {}) {
  const context = await browser.newContext({ viewport: { width, height } });
  contexts.push(context);
  const page = await context.newPage();
  page.errors = [];
  page.cspViolations = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) page.cspViolations.push(m.text());
  });
  page.on('pageerror', (e) => {
    console.error('page error:', e.message);
    page.errors.push(e.message);
  });
  await page.goto(server.url + pathname);
  return page;
}

async function submitLogin(page, username) {
  await page.locator('#login-username').fill(username);
  await page.locator('#login-password').fill(PASSWORD);
  await page.locator('#login-password').press('Enter');
}

async function login(pathname, username, options) {
  const page = await openPage(pathname, options);
  await submitLogin(page, username);
  await page.locator('#app').waitFor();
  return page;
}

// A specialist on a supervisors' page: logged in, and told there is no access.
async function assertNoAccess(pathname) {
  const page = await openPage(pathname);
  await submitLogin(page, 'alice');
  await page.locator('#denied').waitFor();
  assert.ok(await page.locator('#app').isHidden());
}

const consolePage = (user = 'alice', options) => login('/console/', user, options);
const dashboardPage = (options) => login('/dashboard/', 'sam', options);

const queueCard = (page, ref) => page.locator('#queue-list .task-card', { hasText: ref });
const mineCard = (page, ref) => page.locator('#mine-list .task-card', { hasText: ref });

// The serious and critical violations, or with {impacts: 'all'} every one (the reports page).
async function axeViolations(page, { impacts = 'serious' } = {}) {
  // Evaluated rather than added as a <script>: the pages' Content-Security-Policy refuses
  // inline scripts, as it should.
  if (!(await page.evaluate(() => !!window.axe))) await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return results.violations
    .filter((v) => impacts === 'all' || v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

// Claims whatever waits, through the API as bob, so a test starts with an empty queue.
async function drainQueue() {
  const page = await consolePage('bob');
  for (let i = 0; i < 50; i++) {
    const answer = await page.evaluate(async () => {
      const me = await (await fetch('/v1/auth/me')).json();
      const res = await fetch('/v1/callbacks/claim-next', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token },
        body: '{}',
      });
      return res.json();
    });
    if (!answer.task) break;
  }
  await page.context().close();
}

// ---------------------------------------------------------------------------------------

describe('specialist console', () => {
  test('the pages answer at their folders; without the slash the browser is sent there', async () => {
    for (const folder of ['console', 'dashboard']) {
      const page = await fetch(`${server.url}/${folder}/`);
      assert.equal(page.status, 200);
      assert.match(page.headers.get('content-type'), /text\/html/);
      const bare = await fetch(`${server.url}/${folder}`, { redirect: 'manual' });
      assert.equal(bare.status, 301);
      assert.equal(bare.headers.get('location'), `/${folder}/`);
    }
  });

  test('a wrong password is refused with a message next to the form', async () => {
    const page = await openPage('/console/');
    await page.locator('#login-username').fill('alice');
    await page.locator('#login-password').fill('not the password');
    await page.locator('#login-password').press('Enter');
    await page.locator('#login-error', { hasText: /klopt niet/ }).waitFor();
    assert.equal(await page.locator('#login-password').getAttribute('aria-invalid'), 'true');
    assert.ok(await page.locator('#app').isHidden());
  });

  test('a specialist sees a caller\'s task, claims it, calls, notes, completes it, and it leaves the lists', async () => {
    await drainQueue();
    const question = 'Mijn peuter van twee slaat andere kinderen op het kinderdagverblijf. Wat kan ik doen?';
    const created = await createCallback(server.url, { question, name: 'Sanne', phone: '+31612345678' });
    const page = await consolePage('alice');

    const card = queueCard(page, created.reference);
    await card.waitFor();
    assert.match(await card.locator('.excerpt').textContent(), /slaat andere kinderen/);
    assert.match(await card.locator('.countdown').textContent(), /nog \d+/);
    assert.equal(await card.locator('.countdown').getAttribute('datetime'), created.due_at);

    // The session cookie is HttpOnly: the page cannot read it, yet a reload stays logged in.
    assert.doesNotMatch(await page.evaluate(() => document.cookie), /advieslijn_session/);
    await page.reload();
    await card.waitFor();

    await page.locator('#claim-next').click();
    await page.locator('#task-title', { hasText: created.reference }).waitFor();
    await mineCard(page, created.reference).waitFor();
    assert.equal(await queueCard(page, created.reference).count(), 0, 'claimed task left the queue');
    assert.match(await page.locator('#task-lease').textContent(), /Jouw claim loopt nog/);
    assert.equal(await page.locator('#task-questions .question').first().textContent(), question);

    // The number is masked until asked for, then a tap-to-call link.
    assert.match(await page.locator('#task-phone-masked').textContent(), /\*/);
    await page.locator('#task-phone-show').click();
    await page.locator('#task-phone-link[href^="tel:"]').waitFor();
    assert.equal(await page.locator('#task-phone-link').getAttribute('href'), 'tel:+31612345678');

    await page.locator('#note-text').fill('Moeder vraagt om folder over driftbuien.');
    await page.locator('#note-form button[type="submit"]').click();
    await page.locator('#task-history li', { hasText: 'driftbuien' }).waitFor();

    await page.locator('#task-renew').click();
    await page.locator('#task-status', { hasText: 'verlengd' }).waitFor();

    // Referred needs the partner's name.
    await page.locator('#complete-outcome').selectOption('referred');
    await page.locator('#complete-form button[type="submit"]').click();
    await page.locator('#complete-error', { hasText: /doorverwezen/ }).waitFor();
    assert.equal(await page.locator('#complete-referral').getAttribute('aria-invalid'), 'true');
    await page.locator('#complete-referral').fill('Jeugdverpleegkundige GGD');
    await page.locator('#complete-note').fill('Advies gegeven, doorverwezen.');
    // The risk review is an explicit choice: nothing is preselected.
    await page.locator('#complete-form button[type="submit"]').click();
    await page.locator('#complete-error', { hasText: /risicosituatie/ }).waitFor();
    assert.equal(await page.locator('#risk-review').getAttribute('aria-invalid'), 'true');
    await page.getByLabel('Nee, geen risico').check();
    await page.locator('#complete-form button[type="submit"]').click();
    await page.locator('#task-status', { hasText: 'afgerond' }).waitFor();
    await page.locator('#task-meta', { hasText: 'Nee, geen risico' }).waitFor();
    await page.locator('#task-meta', { hasText: 'Afgerond' }).waitFor();
    await page.waitForFunction((ref) => !document.querySelector('#mine-list').textContent.includes(ref), created.reference);
    assert.equal(await queueCard(page, created.reference).count(), 0);
    assert.ok(await page.locator('#task-actions').isHidden(), 'no actions on a completed task');
    assert.deepEqual(page.errors, []);
  });

  test('referred: the social map suggests services for the task\'s topic; a pick fills the referral field', async () => {
    await drainQueue();
    const created = await createCallback(server.url, { question: 'Onze dochter van 3 slaapt slecht en wij zijn op.' });
    // A phone call's task carries the topic of the article the line found; the web form's has
    // none, so the test gives it one the way the voice line would.
    const key = redisCli(redis.port, '--scan', '--pattern', `*task:${created.id}`);
    assert.ok(key, 'the task is in Redis');
    redisCli(redis.port, 'HSET', key, 'topic', 'slapen');
    const page = await consolePage('alice');
    await page.locator('#claim-next').click();
    await page.locator('#task-title', { hasText: created.reference }).waitFor();
    assert.equal(await page.locator('#referral-suggestions button').count(), 0, 'nothing before "referred"');

    await page.locator('#complete-outcome').selectOption('referred');
    const first = page.locator('#referral-suggestions li button').first();
    await first.waitFor();
    // The demo map's services for "slapen": the default area (Voorbeeldstad) first, then by name.
    assert.deepEqual(await page.locator('#referral-suggestions li button').allTextContents(),
      ['Voorbeeld Wijkteam Voorbeeldstad', 'Proefdorp Slaapspreekuur', 'Voorbeeld Consultatiebureau Zuid']);
    assert.match(await page.locator('#referral-suggestions').textContent(), /Suggesties uit de sociale kaart/);
    assert.deepEqual(await axeViolations(page), []);

    await page.getByRole('button', { name: 'Proefdorp Slaapspreekuur invullen als doorverwijzing' }).click();
    assert.equal(await page.locator('#complete-referral').inputValue(), 'Proefdorp Slaapspreekuur');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'complete-referral');

    await page.locator('#complete-outcome').selectOption('advised');
    assert.equal(await page.locator('#referral-suggestions button').count(), 0, 'gone with another outcome');
    await page.locator('#complete-outcome').selectOption('referred');
    await first.waitFor();
    await page.getByLabel('Nee, geen risico').check();
    await page.locator('#complete-form button[type="submit"]').click();
    await page.locator('#task-status', { hasText: 'afgerond' }).waitFor();
    const done = await page.evaluate(async (id) => (await fetch(`/v1/callbacks/${id}`)).json(), created.id);
    assert.equal(done.referral, 'Proefdorp Slaapspreekuur');
    assert.deepEqual(page.errors, []);
  });

  test('a failed call attempt puts the task back; another specialist sees the queue change live', async () => {
    await drainQueue();
    const created = await createCallback(server.url, {
      question: 'Hoeveel schermtijd is normaal voor een kind van 6?', terms: { voicemail: true },
    });
    const alice = await consolePage('alice');
    const bob = await consolePage('bob');
    await queueCard(bob, created.reference).waitFor();
    await bob.locator('#live[data-state="open"]').waitFor({ timeout: 10000 });

    await queueCard(alice, created.reference).locator('.ref').click();
    await alice.locator('#task-title', { hasText: created.reference }).waitFor();
    await alice.locator('#task-claim').click();
    await alice.locator('#task-renew').waitFor();
    // Bob did nothing: the event stream brought the change.
    await bob.waitForFunction((ref) => !document.querySelector('#queue-list').textContent.includes(ref), created.reference);
    assert.equal(await bob.locator('#live').getAttribute('data-state'), 'open');

    await alice.locator('#attempt-result').selectOption('voicemail');
    await alice.locator('#attempt-note').fill('Ingesproken, belt morgen terug.');
    await alice.locator('#attempt-form button[type="submit"]').click();
    await alice.locator('#task-history li', { hasText: 'Voicemail' }).waitFor();
    await alice.locator('#task-history li', { hasText: 'beller aangemaakt — Normaal' }).waitFor();
    await alice.locator('#task-meta', { hasText: 'In wachtrij' }).waitFor();
    await queueCard(bob, created.reference).waitFor();
    assert.ok(await alice.locator('#task-actions').isHidden(), 'the task is no longer Alice\'s');
  });

  test('a click on a card still opens its task when the queue is redrawn between press and release', async () => {
    await drainQueue();
    const first = await createCallback(server.url, { question: 'Hoe leer ik mijn kind van 4 zijn veters strikken?' });
    // The fake clock stands still: two seconds on, so the next request is due later and its card
    // comes after this one (equal deadlines may come in either order).
    await advanceClock(server.url, 2000);
    const alice = await consolePage('alice');
    await alice.locator('#live[data-state="open"]').waitFor({ timeout: 10000 });
    const button = queueCard(alice, first.reference).locator('.ref');
    await button.waitFor();
    const box = await button.boundingBox();
    await alice.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await alice.mouse.down();
    // Another family's request arrives while the button is held: the event stream redraws the
    // queue (the new card comes after the first, which stays where it was).
    const second = await createCallback(server.url, { question: 'Mag mijn dochter van 9 alleen naar school fietsen?' });
    await queueCard(alice, second.reference).waitFor();
    await alice.mouse.up();
    await alice.locator('#task-title', { hasText: first.reference }).waitFor({ timeout: 5000 });
  });

  test('a late answer for the task open before never replaces the one opened after it', async () => {
    await drainQueue();
    const first = await createCallback(server.url, { question: 'Hoe leer ik mijn kind van 5 fietsen?' });
    await advanceClock(server.url, 2000);
    const second = await createCallback(server.url, { question: 'Wanneer mag mijn zoon van 10 alleen thuis blijven?' });
    const alice = await consolePage('alice');
    await queueCard(alice, first.reference).locator('.ref').click();
    await alice.locator('#task-title', { hasText: first.reference }).waitFor();
    const firstId = await queueCard(alice, first.reference).getAttribute('data-id');
    // The next request for the first task (a refresh: a live event, the lists' timer) is held
    // until the second task is open, then answered: as a slow network does under load.
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    let asked;
    const askedFor = new Promise((resolve) => { asked = resolve; });
    const path = `/v1/callbacks/${encodeURIComponent(firstId)}`;
    const matcher = (url) => url.pathname === path;
    await alice.route(matcher, async (route) => {
      if (route.request().method() !== 'GET') return route.continue();
      asked();
      await held;
      await route.continue();
    });
    await queueCard(alice, first.reference).locator('.ref').click();
    await askedFor;
    await queueCard(alice, second.reference).locator('.ref').click();
    await alice.locator('#task-title', { hasText: second.reference }).waitFor();
    const answered = alice.waitForResponse((r) => new URL(r.url()).pathname === path);
    release();
    await answered;
    // Let the page handle the late answer before looking.
    await alice.evaluate(() => new Promise((resolve) => setTimeout(resolve, 200)));
    assert.match(await alice.locator('#task-title').textContent(), new RegExp(second.reference));
    assert.ok(await alice.locator('#task-claim').isVisible(), 'the second task can still be claimed');
    await alice.unroute(matcher);
    assert.deepEqual(alice.errors, []);
  });

  // A tester typed a completion note, the claim was lost (a supervisor reassigned the task, the
  // lease ran out), the forms went away and the note with them. Now it stays, read-only, with a
  // copy button and the plain statement that it was not saved.
  test('typed text survives a lost claim: kept to copy, marked as not saved, until discarded', async () => {
    await drainQueue();
    const first = await createCallback(server.url, { question: 'Mijn dochter van 15 spijbelt, wat moet ik doen?' });
    const alice = await consolePage('alice');
    await alice.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    await alice.locator('#claim-next').click();
    await alice.locator('#task-title', { hasText: first.reference }).waitFor();
    const completion = 'Moeder gesproken: school belt zelf, afspraak leerplicht volgende week.';
    const note = 'Vader wil ook gebeld worden, na 18 uur.';
    await alice.locator('#complete-note').fill(completion);
    await alice.locator('#note-text').fill(note);

    // A supervisor gives the task to Bob.
    const sam = await dashboardPage();
    const status = await sam.evaluate(async (id) => {
      const me = await (await fetch('/v1/auth/me')).json();
      return (await fetch(`/v1/callbacks/${id}/reassign`, {
        method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token },
        body: JSON.stringify({ to: 'bob', checked_safe_time: true }),
      })).status;
    }, first.id);
    assert.equal(status, 200);

    const box = alice.locator('#unsaved');
    await box.waitFor();
    assert.match(await alice.locator('#unsaved-title').textContent(), new RegExp(`taak ${first.reference} is niet meer van jou`));
    assert.match(await box.textContent(), /NIET opgeslagen/);
    assert.match(await alice.locator('#task-status').textContent(), /niet meer van jou.*NIET opgeslagen/);
    const kept = box.locator('textarea');
    assert.deepEqual(await kept.evaluateAll((areas) => areas.map((a) => [a.value, a.readOnly])), [[completion, true], [note, true]]);
    assert.ok(await alice.locator('#task-actions').isHidden(), 'the forms are for the holder only');
    await alice.getByRole('button', { name: `Notitie bij afronden (${first.reference}) kopiëren` }).click();
    await alice.locator('#unsaved-copy-status', { hasText: 'Gekopieerd' }).waitFor();
    assert.equal(await alice.evaluate(() => navigator.clipboard.readText()), completion);
    assert.deepEqual(await axeViolations(alice), []);

    // It stays while another task is claimed and worked on; its lease then runs out.
    const second = await createCallback(server.url, { question: 'Hoe lang mag een kind van 10 gamen?' });
    await alice.locator('#claim-next').click();
    await alice.locator('#task-title', { hasText: second.reference }).waitFor();
    assert.ok(await box.isVisible(), 'kept while another task is open');
    assert.equal(await alice.locator('#complete-note').inputValue(), '', 'the new task\'s forms start empty');
    const attempt = 'Geen gehoor, voicemail niet toegestaan.';
    await alice.locator('#attempt-note').fill(attempt);
    await advanceClock(server.url, 31 * 60 * 1000);
    await box.locator('textarea').nth(2).waitFor({ timeout: 15000 });
    assert.equal(await box.locator('textarea').nth(2).inputValue(), attempt);
    assert.match(await alice.locator('#unsaved-title').textContent(), /deze taken zijn niet meer van jou/);
    assert.match(await alice.locator('#unsaved-items').textContent(), new RegExp(`Notitie bij belpoging \\(${second.reference}\\)`));

    // A refusal that says the claim is gone (409 stale_lease) keeps the text as well, even when
    // the page still shows the claim as the specialist's.
    await alice.locator('#unsaved-dismiss').click();
    assert.ok(await box.isHidden(), 'discarded');
    await alice.locator('#task-claim').click();
    await alice.locator('#task-renew').waitFor();
    await alice.route('**/complete', (route) => route.fulfill({
      status: 409, contentType: 'application/json',
      body: JSON.stringify({ error: { code: 'stale_lease', message: 'the caller does not hold the lease' } }),
    }));
    await alice.locator('#attempt-note').fill('');
    const last = 'Geadviseerd over schermtijd.';
    await alice.locator('#complete-note').fill(last);
    await alice.getByLabel('Nee, geen risico').check();
    await alice.locator('#complete-form button[type="submit"]').click();
    await box.waitFor();
    assert.deepEqual(await box.locator('textarea').evaluateAll((areas) => areas.map((a) => a.value)), [last]);
    assert.equal(await alice.locator('#complete-note').inputValue(), last, 'and in its field, still shown');
    assert.deepEqual(alice.errors, []);
  });

  // Testers saw the server's English developer messages on the Dutch page, and no limit by the
  // note; the browser's maxlength counted UTF-16 units, not the characters the server counts.
  test('server errors read as Dutch sentences by their code; a note shows its limit in characters', async () => {
    await drainQueue();
    const created = await createCallback(server.url, { question: 'Mijn zoon van 8 wil niet meer naar zwemles.' });
    const page = await consolePage('alice');
    await page.locator('#claim-next').click();
    await page.locator('#task-title', { hasText: created.reference }).waitFor();

    for (const id of ['attempt-note', 'complete-note', 'note-text'])
      assert.equal(await page.locator(`#${id}-count`).textContent(), '0 van 2000 tekens', `${id} shows its limit`);
    // 2000 characters, ten of them emoji (two UTF-16 units each): the server's limit exactly.
    const full = 'é'.repeat(1990) + '😀'.repeat(10);
    await page.locator('#note-text').fill(full);
    assert.equal(await page.locator('#note-text-count').textContent(), '2000 van 2000 tekens');
    assert.equal(await page.locator('#note-text').inputValue(), full, 'nothing cut off');
    await page.locator('#note-form button[type="submit"]').click();
    await page.locator('#task-status', { hasText: 'Notitie opgeslagen' }).waitFor();
    await page.locator('#task-history li', { hasText: '😀😀😀' }).waitFor();

    // One over: said by the field and not sent.
    let posted = 0;
    page.on('request', (r) => r.url().endsWith('/notes') && r.method() === 'POST' && posted++);
    await page.locator('#note-text').fill(full + 'x');
    await page.locator('#note-text-count', { hasText: '2001 van 2000 tekens: 1 te veel' }).waitFor();
    await page.locator('#note-form button[type="submit"]').click();
    await page.locator('#note-error', { hasText: 'hoogstens 2000 tekens, nu 2001' }).waitFor();
    assert.equal(await page.locator('#note-text').getAttribute('aria-invalid'), 'true');
    assert.equal(posted, 0, 'a note over the limit is not sent');

    // The server's refusals: a sentence by the code, never its English message.
    const answers = [
      [503, 'unavailable', 'Redis did not answer in time', /even niet verwerken/],
      [400, 'invalid_input', 'note must not be empty', /nam dit niet aan/],
      [418, 'teapot_mode', 'I am a teapot', /foutcode: teapot_mode/],
    ];
    for (const [status, code, message, dutch] of answers) {
      await page.route('**/notes', (route) => route.fulfill({
        status, contentType: 'application/json', body: JSON.stringify({ error: { code, message } }),
      }));
      await page.locator('#note-text').fill('Moeder belt zelf terug.');
      await page.locator('#note-form button[type="submit"]').click();
      await page.locator('#task-status', { hasText: dutch }).waitFor();
      assert.doesNotMatch(await page.locator('#task-status').textContent(), new RegExp(message));
      assert.equal(await page.locator('#note-text').inputValue(), 'Moeder belt zelf terug.', 'the note stays');
      await page.unroute('**/notes');
    }
    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(page.errors, []);
  });

  // docs/callbacks.md, "Safe callbacks": the family's terms above the number, in bold, before
  // it is shown; outside the safe times the claim asks for the specialist's check; a voicemail
  // they did not allow cannot be chosen.
  test('shows the family\'s terms before the number and asks for a safety check outside their hours', async () => {
    await drainQueue();
    // Hours that are certainly not now on the Dutch clock of the server's (fake) clock.
    const now = await (await fetch(server.url + '/test/clock')).json();
    const hour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Amsterdam', hour: '2-digit', hourCycle: 'h23' })
      .format(new Date(now.now)));
    const pad = (h) => `${String(h % 24).padStart(2, '0')}:00`;
    const hours = { from: pad(hour + 2), to: pad(hour + 3) };
    const created = await createCallback(server.url, {
      question: 'Mijn partner is soms agressief, wat kan ik doen?',
      terms: { hours, alt_phone: '06 87654321', note: 'Bel niet als mijn man opneemt' },
    });
    const page = await consolePage('alice');
    await queueCard(page, created.reference).locator('.ref').click();
    await page.locator('#task-title', { hasText: created.reference }).waitFor();

    const terms = page.locator('#task-terms');
    await terms.waitFor();
    const text = await terms.textContent();
    assert.match(text, new RegExp(`tussen ${hours.from} en ${hours.to}`));
    assert.match(text, /Geen voicemail inspreken/);
    assert.match(text, /Neutraal melden/);
    assert.match(text, /Bel niet als mijn man opneemt/);
    assert.match(text, /\*\*\*\*4321/, 'the other number masked');
    assert.doesNotMatch(text, /87654321/);
    // This suite's SLA is one hour (harness), and the family's hours start in two: the safe
    // time comes after the deadline, which the console says with the terms.
    assert.match(text, /veilig bellen kan pas vanaf .*, na de deadline/);
    assert.equal(await page.locator('#task-terms-list li strong').count(), 6, 'every term in bold');
    // Above the number, and shown while the number is still masked.
    assert.ok(await page.evaluate(() =>
      !!(document.querySelector('#task-terms').compareDocumentPosition(document.querySelector('.phone')) & Node.DOCUMENT_POSITION_FOLLOWING)));
    assert.ok(await page.locator('#task-phone-link').isHidden());
    assert.ok(await terms.isVisible());
    assert.deepEqual(await axeViolations(page), []);

    // Outside the hours: the claim asks for the check first.
    await page.locator('#task-claim').click();
    await page.locator('#safe-check').waitFor();
    await page.locator('#safe-check-claim').click();
    await page.locator('#safe-check-error', { hasText: /gecontroleerd/ }).waitFor();
    assert.ok(await page.locator('#task-renew').isHidden(), 'not claimed without the check');
    assert.deepEqual(await axeViolations(page), []);
    await page.getByLabel('Ik heb gecontroleerd dat bellen nu veilig is').check();
    await page.locator('#safe-check-claim').click();
    await page.locator('#task-renew').waitFor();
    assert.ok(await page.locator('#safe-check').isHidden());

    // No voicemail allowed: the choice is off (the server's 409 is the real guard).
    assert.equal(await page.locator('#attempt-result option[value="voicemail"]').isDisabled(), true);

    // Show number reveals the other number too.
    await page.locator('#task-phone-show').click();
    await page.locator('#task-phone-link[href^="tel:"]').waitFor();
    await page.locator('#task-terms', { hasText: '+31687654321' }).waitFor();
    assert.deepEqual(page.errors, []);
  });
});

describe('supervisor dashboard', () => {
  test('shows which answers did not help, from a real chat', async () => {
    // A parent chats, gets an article and says it did not help.
    const post = async (pathname, body) => {
      const res = await fetch(server.url + pathname, {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
      });
      return { status: res.status, body: res.status === 204 ? null : await res.json() };
    };
    const session = await post('/v1/chat/sessions', { site_key: 'demo', lang: 'nl' });
    assert.equal(session.status, 201);
    const reply = await post(`/v1/chat/sessions/${session.body.session_id}/messages`, { text: 'Mijn puber komt dronken thuis van een feestje' });
    assert.equal(reply.body.type, 'answer', JSON.stringify(reply.body));
    const { id, title } = reply.body.article;
    const feedback = await post(`/v1/chat/sessions/${session.body.session_id}/feedback`, { article_id: id, helped: false });
    assert.equal(feedback.status, 204);

    const page = await dashboardPage();
    const row = page.locator('#feedback-body tr', { hasText: title });
    await row.waitFor();
    assert.deepEqual(await row.locator('td').allTextContents(), ['NL', '0', '1']);
    await page.locator('#calls-body td.empty', { hasText: 'Nog geen afgeronde gesprekken' }).waitFor();
    assert.deepEqual(page.errors, []);
  });

  test('lists the questions the articles did not answer, masked, grouped and counted, as text', async () => {
    const post = async (pathname, body) => {
      const res = await fetch(server.url + pathname, {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
      });
      return { status: res.status, body: await res.json() };
    };
    // Two parents ask the same thing in other words, one with a phone number, an e-mail
    // address and a postcode; a third sends some HTML.
    for (const text of [
      'grofvuil en hondenbelasting 06-12345678 jjj@qq.nl 1234 AB',
      'hondenbelasting en grofvuil',
      `waar huur ik een bakfiets ${XSS}`,
    ]) {
      const session = await post('/v1/chat/sessions', { site_key: 'demo', lang: 'nl' });
      const reply = await post(`/v1/chat/sessions/${session.body.session_id}/messages`, { text });
      assert.equal(reply.body.type, 'handoff', JSON.stringify(reply.body));
    }

    const page = await dashboardPage();
    const row = page.locator('#gaps-body tr', { hasText: 'hondenbelasting' });
    await row.waitFor();
    const cells = await row.locator('td').allTextContents();
    assert.equal(cells[1], '2');
    assert.match(cells[2], /^wk \d+: 2$/);
    assert.equal(cells[3], 'geen antwoord: 2');
    const examples = await row.locator('.gap-examples li').allTextContents();
    assert.equal(examples.length, 2);
    const masked = examples.find((x) => x.startsWith('grofvuil'));
    assert.ok(masked.includes('[phone]') && masked.includes('[email]') && masked.includes('[postcode]'), masked);
    for (const secret of ['12345678', 'jjj@', '1234 AB']) assert.ok(!masked.includes(secret), masked);
    const html = page.locator('#gaps-body tr', { hasText: 'bakfiets' });
    assert.match(await html.locator('.gap-examples li').textContent(), /<script>window\.__xss=1<\/script>/);
    assert.equal(await page.locator('#gaps img, #gaps script').count(), 0);
    assert.equal(await page.evaluate(() => window.__xss), undefined);
    assert.match(await page.locator('#gaps-total').textContent(), /^\d+ vragen in \d+ groepen\.$/);

    // English too, from what the page already has.
    await page.locator('#lang').click();
    await page.locator('#gaps-title', { hasText: 'Questions without a good answer' }).waitFor();
    await row.locator('td', { hasText: 'no answer: 2' }).waitFor();
    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(page.errors, []);
  });

  test('a breach appears live when time passes the deadline, and clears on acknowledge', async () => {
    await drainQueue();
    const created = await createCallback(server.url, { question: 'Mijn zoon van 15 wil niet meer naar school.' });
    const page = await dashboardPage();
    const breached = page.locator('#tile-breached .value');
    await breached.waitFor();
    const before = Number(await breached.textContent());
    const row = page.locator('#esc-body tr', { hasText: created.reference });
    assert.equal(await row.count(), 0);
    // The live connection must be open before time moves, or the breach would only be seen on
    // the next poll; under a sanitizer build it can take a moment after the tiles are drawn.
    await page.locator('#live[data-state="open"]').waitFor({ timeout: 10000 });

    await advanceClock(server.url, SLA_MS + 60 * 1000);
    // The scanner notices within a second or so; the page learns it from /v1/events.
    await page.waitForFunction((n) => Number(document.querySelector('#tile-breached .value')?.textContent) > n, before, { timeout: 20000 });
    assert.equal(await page.locator('#tile-breached').getAttribute('data-level'), 'breached');
    await row.waitFor({ timeout: 20000 });
    assert.match(await row.locator('.countdown').textContent(), /te laat/);

    await row.locator('button.ack').click();
    await page.locator('#esc-status', { hasText: 'erkend' }).waitFor();
    await page.waitForFunction((ref) => {
      const r = [...document.querySelectorAll('#esc-body tr')].find((tr) => tr.textContent.includes(ref));
      return !r || !r.querySelector('button.ack');
    }, created.reference);
    assert.deepEqual(page.errors, []);
  });

  test('a supervisor reassigns a breached task to alice, releases it, and cancels another with a reason', async () => {
    await drainQueue();
    const first = await createCallback(server.url, { question: 'Mijn dochter van 9 slaapt slecht sinds de verhuizing.' });
    const second = await createCallback(server.url, { question: 'Ik bel voor mijn buurvrouw, ze heeft al hulp.' });
    const page = await dashboardPage();
    await page.locator('#tile-breached .value').waitFor();
    await advanceClock(server.url, SLA_MS + 60 * 1000);
    const escRow = (ref) => page.locator('#esc-body tr.esc-row', { hasText: ref });
    const row = escRow(first.reference);
    await row.waitFor({ timeout: 20000 });
    const taskId = await row.getAttribute('data-task');
    const getTask = (id) => page.evaluate(async (i) => (await fetch(`/v1/callbacks/${encodeURIComponent(i)}`)).json(), id);

    // Reassign: a labelled select with the tenant's accounts; nothing chosen is refused here.
    const reassign = row.locator('button.esc-reassign');
    assert.match(await reassign.getAttribute('aria-label'), new RegExp(`^Toewijzen: taak ${first.reference}`));
    await reassign.click();
    assert.equal(await reassign.getAttribute('aria-expanded'), 'true');
    const form = page.locator(`form#esc-reassign-${taskId}`);
    const select = form.getByLabel('Toewijzen aan');
    await form.locator('option[value="alice"]').waitFor({ state: 'attached' });
    assert.equal(await page.evaluate(() => document.activeElement.tagName), 'SELECT', 'focus moves into the form');
    await form.locator('button[type="submit"]').click();
    await form.locator('.error', { hasText: 'Kies aan wie' }).waitFor();
    assert.equal(await select.getAttribute('aria-invalid'), 'true');
    await select.selectOption('alice');
    await form.locator('button[type="submit"]').click();
    await page.locator('#esc-status', { hasText: `toegewezen aan Alice de Vries` }).waitFor();
    assert.equal(await form.count(), 0, 'the form closes');
    let task = await getTask(taskId);
    assert.equal(task.state, 'claimed');
    assert.equal(task.holder, 'alice');
    await page.locator('#work-body tr', { hasText: 'alice' }).waitFor();
    await row.locator('.muted', { hasText: 'In behandeling' }).waitFor();

    // Release (only offered for a claimed task), with a note, by keyboard.
    await row.locator('button.esc-release').focus();
    await page.keyboard.press('Enter');
    await page.keyboard.type('Alice is ziek naar huis.');
    await page.keyboard.press('Enter');
    await page.locator('#esc-status', { hasText: 'vrijgegeven' }).waitFor();
    task = await getTask(taskId);
    assert.equal(task.state, 'queued');
    assert.equal(task.holder, null);
    await page.waitForFunction((id) => {
      const r = document.querySelector(`#esc-body tr.esc-row[data-task="${id}"]`);
      return r && !r.querySelector('button.esc-release');
    }, taskId);

    // Cancel the other one: a reason is required, then it leaves the open escalations.
    const other = escRow(second.reference);
    await other.waitFor();
    const otherId = await other.getAttribute('data-task');
    await other.locator('button.esc-cancel').click();
    const cancelForm = page.locator(`form#esc-cancel-${otherId}`);
    await cancelForm.locator('button[type="submit"]').click();
    await cancelForm.locator('.error', { hasText: 'Geef een reden op' }).waitFor();
    assert.deepEqual(await axeViolations(page), [], 'dashboard with an open form');
    // The actions and the open form fit a tablet.
    await page.setViewportSize({ width: 768, height: 1000 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `dashboard with a form at 768px scrolls sideways by ${overflow}px`);
    const file = path.join(outDir, 'dashboard-actions-768.png');
    await page.locator('section[aria-labelledby="esc-title"]').screenshot({ path: file });
    console.log(`screenshot: ${file}`);
    await page.setViewportSize({ width: 1280, height: 900 });
    await cancelForm.getByLabel('Reden').fill('Dubbele aanvraag: beller heeft al hulp.');
    await cancelForm.locator('button[type="submit"]').click();
    await page.locator('#esc-status', { hasText: 'geannuleerd' }).waitFor();
    await escRow(second.reference).waitFor({ state: 'detached' });
    const cancelled = await getTask(otherId);
    assert.equal(cancelled.state, 'cancelled');
    assert.ok(await escRow(first.reference).isVisible(), 'the other escalation is still open');
    // The audit log tells what happened in the page's language, not in the functions' shorthand.
    const auditRow = (ref, action) => page.locator('#audit-body tr', { hasText: ref }).filter({ hasText: action });
    await auditRow(first.reference, 'overgedragen').locator('td.detail', { hasText: 'wachtrij → alice' }).waitFor();
    await auditRow(first.reference, 'teruggegeven').locator('td.detail', { hasText: 'was bij alice' }).waitFor();
    await auditRow(second.reference, 'geannuleerd').locator('td.detail', { hasText: 'was: In wachtrij' }).waitFor();
    assert.doesNotMatch(await page.locator('#audit-body').textContent(), /->|holder |escalation level/);
    assert.deepEqual(page.errors, []);
  });

  // The family's safe times have not come when the task breaches: a reassignment then needs
  // the supervisor's check, as a claim needs the specialist's (docs/callbacks.md).
  test('reassigning outside the family\'s safe times asks the supervisor to check first', async () => {
    await drainQueue();
    // An hour's window six hours after the moment the task will breach, on the Dutch clock.
    const now = new Date(await advanceClock(server.url, 0));
    const hour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Amsterdam', hour: '2-digit', hourCycle: 'h23' })
      .format(new Date(now.getTime() + SLA_MS + 60 * 1000)));
    const at = (h) => `${String(h % 24).padStart(2, '0')}:00`;
    const created = await createCallback(server.url, {
      question: 'Bel alleen als de kinderen op school zijn.',
      terms: { hours: { from: at(hour + 6), to: at(hour + 7) } },
    });
    const page = await dashboardPage();
    await page.locator('#tile-breached .value').waitFor();
    await advanceClock(server.url, SLA_MS + 60 * 1000);
    const row = page.locator('#esc-body tr.esc-row', { hasText: created.reference });
    await row.waitFor({ timeout: 20000 });
    const taskId = await row.getAttribute('data-task');
    await row.locator('button.esc-reassign').click();
    const form = page.locator(`form#esc-reassign-${taskId}`);
    await form.locator('option[value="alice"]').waitFor({ state: 'attached' });
    await form.getByLabel('Toewijzen aan').selectOption('alice');
    const check = form.getByLabel('Ik heb gecontroleerd dat bellen nu veilig is');
    assert.ok(await check.isHidden(), 'no check while the server has not asked for one');
    await form.locator('button[type="submit"]').click();
    await form.locator('.error', { hasText: 'buiten de tijden' }).waitFor();
    assert.ok(await check.isVisible());
    let task = await page.evaluate(async (i) => (await fetch(`/v1/callbacks/${encodeURIComponent(i)}`)).json(), taskId);
    assert.equal(task.state, 'queued', 'nothing changed on the 409');
    // The check must be ticked.
    await form.locator('button[type="submit"]').click();
    await form.locator('.error', { hasText: 'Vink eerst aan' }).waitFor();
    assert.equal(await check.getAttribute('aria-invalid'), 'true');
    assert.deepEqual(await axeViolations(page), [], 'dashboard with the safety check');
    await check.check();
    await form.locator('button[type="submit"]').click();
    await page.locator('#esc-status', { hasText: 'toegewezen aan Alice de Vries' }).waitFor();
    task = await page.evaluate(async (i) => (await fetch(`/v1/callbacks/${encodeURIComponent(i)}`)).json(), taskId);
    assert.equal(task.holder, 'alice');
    assert.ok(task.history.some((h) => h.action === 'reassigned' && /checked_safe_time/.test(h.detail ?? '')),
      'the check is in the history (and the audit log)');
    assert.deepEqual(page.errors, []);
  });

  test('a specialist\'s risk reviews show up in the panel, with the scrubbed missed signal to download', async () => {
    await drainQueue();
    const post = async (pathname, body) => {
      const res = await fetch(server.url + pathname, {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
      });
      return res.json();
    };
    // Flagged by triage: a chat with a risk phrase, then the callback form of that chat.
    const chat = await post('/v1/chat/sessions', { site_key: 'demo', lang: 'nl' });
    const urgent = await post(`/v1/chat/sessions/${chat.session_id}/messages`, { text: 'Mijn dochter praat steeds over zelfmoord' });
    assert.equal(urgent.type, 'urgent', JSON.stringify(urgent));
    const flagged = await post('/v1/callbacks', {
      site_key: 'demo', session_id: chat.session_id, phone: '+31612121212', lang: 'nl', consent: true,
      question: 'Ze zei het als grap, denk ik.',
    });
    // Not flagged, yet a risk: a missed signal (worded so that the form's own triage sees
    // nothing; the specialist learns the rest on the phone). "… terugbellen over thuis" was
    // used until the classifier, retrained on 2026-12-03, read it as urgent (0.16).
    const missed = await createCallback(server.url, {
      name: 'Femke', phone: '+31613131313',
      question: 'Ik heet Femke, kunt u mij terugbellen over de opvoeding? Bel 06-13131313.',
    });

    const specialist = await consolePage('alice');
    const complete = async (ref, choose) => {
      // The queue re-renders live when the previous task is completed; a click that lands on
      // the card being replaced opens nothing (seen once under the full suite's load), so the
      // card is clicked again until its task is the one shown.
      const title = specialist.locator('#task-title', { hasText: ref });
      for (let attempt = 0; attempt < 3 && !(await title.isVisible()); ++attempt) {
        await queueCard(specialist, ref).locator('.ref').click();
        await title.waitFor({ timeout: 5000 }).catch(() => {});
      }
      await title.waitFor();
      await specialist.locator('#task-claim').click();
      await specialist.locator('#task-lease', { hasText: 'Jouw claim' }).waitFor();
      await choose();
      await specialist.locator('#complete-form button[type="submit"]').click();
      await specialist.locator('#task-status', { hasText: 'afgerond' }).waitFor();
    };
    await queueCard(specialist, flagged.reference).waitFor();
    await complete(flagged.reference, () => specialist.getByLabel('Nee, geen risico').check());
    // Keyboard only: the radio group, then the category select that appears with "confirmed".
    await complete(missed.reference, async () => {
      await specialist.getByLabel('Weet ik niet zeker').focus();
      await specialist.keyboard.press('ArrowUp'); // -> not_risk
      await specialist.keyboard.press('ArrowUp'); // -> confirmed
      assert.equal(await specialist.getByLabel('Ja, risico bevestigd').isChecked(), true);
      await specialist.locator('#risk-category-field').waitFor();
      await specialist.locator('#complete-form button[type="submit"]').click();
      await specialist.locator('#complete-error', { hasText: /soort risico/ }).waitFor();
      await specialist.locator('#risk-category').focus();
      await specialist.locator('#risk-category').selectOption('unsafe_home');
    });
    await specialist.locator('#task-meta', { hasText: 'Onveilige thuissituatie' }).waitFor();
    assert.deepEqual(specialist.errors, []);

    const page = await dashboardPage();
    const row = page.locator('#risk-body tr').first();
    await row.locator('td').first().waitFor();
    await page.waitForFunction(() => document.querySelector('#risk-body tr td.num')?.textContent === '1');
    // Missed, false alarms, recognised, unsure, missed by kind.
    assert.deepEqual(await row.locator('td').allTextContents(), ['1', '1', '0', '0', 'Onveilige thuissituatie: 1']);
    assert.match(await row.locator('th').textContent(), /^Week \d+ \(vanaf /);

    const link = page.locator('#risk-download');
    assert.equal(await link.getAttribute('download'), '');
    const tsv = await page.evaluate(async (href) => {
      const res = await fetch(href);
      return { type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition'), body: await res.text() };
    }, await link.getAttribute('href'));
    assert.equal(tsv.type, 'text/tab-separated-values; charset=utf-8');
    assert.match(tsv.disposition, /^attachment; filename="missed-demo-/);
    assert.equal(tsv.body, 'nl\turgent\tunsafe_home\tIk heet [name], kunt u mij terugbellen over de opvoeding? Bel [phone].\n');

    // The panel speaks English too.
    await page.locator('#lang').click();
    await page.locator('#risk-title', { hasText: 'Risk signals per week' }).waitFor();
    await page.locator('#risk-body td', { hasText: 'Unsafe home: 1' }).waitFor();
    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(page.errors, []);
  });

  test('a specialist is not shown the dashboard', () => assertNoAccess('/dashboard/'));
});

describe('both pages', () => {
  test('caller text is shown as text, never run as HTML', async () => {
    await drainQueue();
    const question = `Vraag ${XSS}`;
    const created = await createCallback(server.url, { question, name: XSS });

    const console_ = await consolePage('mallory');
    // The user's own name (from the CLI) is shown as text too.
    await console_.locator('.top .user', { hasText: '<img' }).waitFor();
    const card = queueCard(console_, created.reference);
    await card.waitFor();
    assert.equal(await card.locator('.excerpt').textContent(), question);
    await card.locator('.ref').click();
    await console_.locator('#task-questions .question', { hasText: 'Vraag' }).waitFor();
    assert.equal(await console_.locator('#task-questions .question').textContent(), question);
    assert.match(await console_.locator('#task-meta').textContent(), /<script>window\.__xss=1<\/script>/);
    assert.equal(await console_.locator('main img, main script, header img').count(), 0);

    const dashboard = await dashboardPage();
    await advanceClock(server.url, SLA_MS + 60 * 1000);
    const row = dashboard.locator('#esc-body tr', { hasText: created.reference });
    await row.waitFor({ timeout: 20000 });
    await row.locator('button', { hasText: 'Toon vraag' }).click();
    await row.locator('.question').waitFor();
    assert.equal(await row.locator('.question').textContent(), question);
    assert.equal(await dashboard.locator('main img, main script').count(), 0);

    for (const page of [console_, dashboard]) {
      assert.equal(await page.evaluate(() => window.__xss), undefined);
      assert.deepEqual(page.errors, []);
    }
  });

  test('the consoles are served with a strict Content-Security-Policy and break none of it', async () => {
    for (const path of ['/console/', '/dashboard/']) {
      const res = await fetch(server.url + path);
      const csp = res.headers.get('content-security-policy') || '';
      assert.match(csp, /frame-ancestors 'none'/, path);
      assert.match(csp, /script-src 'self'/, path);
      assert.equal(res.headers.get('x-frame-options'), 'DENY', path);
    }
    // The demo page stands in for a municipality's site: no policy of ours.
    assert.equal((await fetch(server.url + '/demo/')).headers.get('content-security-policy'), null);
    const console_ = await consolePage('alice');
    const dashboard = await dashboardPage();
    await dashboard.locator('#tiles').waitFor();
    // A page that inlines a script or style, or loads from elsewhere, shows up here.
    assert.deepEqual(console_.cspViolations, []);
    assert.deepEqual(dashboard.cspViolations, []);
    assert.deepEqual(console_.errors, []);
    assert.deepEqual(dashboard.errors, []);
  });

  test('axe-core finds no serious or critical violation, logged out and logged in', async () => {
    const loggedOut = await openPage('/console/');
    await loggedOut.locator('#login-username').waitFor();
    assert.deepEqual(await axeViolations(loggedOut), [], 'login form');

    await createCallback(server.url, { question: 'Mijn dochter van 4 plast weer in haar broek.' });
    const console_ = await consolePage('alice');
    await console_.locator('#queue-list .task-card').first().waitFor();
    assert.deepEqual(await axeViolations(console_), [], 'console with the queue');
    await console_.locator('#claim-next').click();
    await console_.locator('#task-renew').waitFor();
    await console_.locator('#task-phone-show').click();
    await console_.locator('#task-phone-link').waitFor();
    assert.deepEqual(await axeViolations(console_), [], 'console with a task open');

    const dashboard = await dashboardPage();
    await dashboard.locator('#tile-queued').waitFor();
    await dashboard.locator('#chart svg').waitFor();
    await dashboard.locator('#chart details, details').first().evaluate((d) => (d.open = true));
    assert.deepEqual(await axeViolations(dashboard), [], 'dashboard');
  });

  test('keyboard only: log in, claim the next task and reach its actions', async () => {
    await createCallback(server.url, { question: 'Mag mijn baby al water drinken?' });
    const page = await openPage('/console/');
    await page.locator('#login-username').waitFor();
    // From the top: the skip link, the language switch, then the form.
    await page.locator('body').focus();
    for (let i = 0; i < 6 && (await page.evaluate(() => document.activeElement.id)) !== 'login-username'; i++)
      await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'login-username');
    await page.keyboard.type('alice');
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.locator('#app').waitFor();
    await page.locator('#queue-list .task-card').first().waitFor();
    await page.locator('#claim-next').focus();
    await page.keyboard.press('Enter');
    await page.locator('#task-renew').waitFor();
    assert.equal(await page.evaluate(() => document.activeElement.id), 'task-title', 'focus moves to the task');
    // The focused element shows a visible outline.
    await page.keyboard.press('Tab');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    assert.notEqual(outline, 'none');
  });

  test('risk signals are named in the page\'s language, not as codes', async () => {
    await drainQueue();
    const created = await createCallback(server.url, { question: 'Mijn dochter van 15 zegt dat ze niet meer wil leven.' });
    const page = await consolePage('alice');
    const card = queueCard(page, created.reference);
    await card.waitFor();
    const badge = await card.locator('.risk').textContent();
    assert.match(badge, /Suïcide of zelfbeschadiging/);
    assert.doesNotMatch(badge, /suicide_self_harm/);
  });

  test('logging out leaves nothing of the last user in the page, and says so', async () => {
    await drainQueue();
    const created = await createCallback(server.url, { question: 'Mijn zoon van 6 durft niet alleen te slapen.', phone: '+31612349876' });
    const page = await consolePage('alice');
    await queueCard(page, created.reference).waitFor();
    await page.locator('#claim-next').click();
    await page.locator('#task-title', { hasText: created.reference }).waitFor();
    await page.locator('#task-phone-show').click();
    await page.locator('#task-phone-link').waitFor();
    const before = await page.content();
    assert.ok(before.includes('durft niet alleen te slapen'), 'the task was open');
    await page.locator('button', { hasText: 'Uitloggen' }).click();
    await page.locator('#login-error', { hasText: 'uitgelogd' }).waitFor();
    // Not only hidden: gone from the document, for whoever uses this screen next.
    const after = await page.content();
    assert.ok(!after.includes('durft niet alleen te slapen'), 'the question is gone from the page');
    assert.ok(!after.includes('12349876') && !after.includes('1234 9876'), 'the number is gone from the page');
  });

  // CI found the notice saying the session had EXPIRED after a plain logout: the live stream
  // stays open until its next ping, so a task event that came in around the logout made the
  // page refetch; when that refetch's 401 came back after the logout's answer, while the page
  // was reloading, its "expired" notice replaced the logout's. Here the refetch is held and
  // answered in exactly that gap.
  test('a logout says "uitgelogd" even when a refetch meets the ended session after it', async () => {
    await drainQueue();
    const page = await consolePage('alice');
    let loggingOut = false;
    let heldRefetch = null;
    const refetchSeen = new Promise((resolve) => { heldRefetch = resolve; });
    let releaseRefetch = null;
    const released = new Promise((resolve) => { releaseRefetch = resolve; });
    await page.route((url) => url.pathname.startsWith('/v1/') && !url.pathname.startsWith('/v1/auth/')
                               && url.pathname !== '/v1/events', async (route) => {
      if (!loggingOut) return route.continue();
      const response = await route.fetch();
      // Only a refetch that met the ended session is held; one the server answered before
      // the logout reached it goes through.
      if (response.status() !== 401) return route.fulfill({ response }).catch(() => {});
      heldRefetch();
      await released;
      await route.fulfill({ response }).catch(() => {}); // the page may have gone already
    });
    await page.route('**/v1/auth/logout', async (route) => {
      const response = await route.fetch(); // the server has ended the session now
      // A task event reaches the page over its still open stream and starts a refetch.
      await createCallback(server.url, { question: 'Mijn dochter van 3 wil niet eten, kunt u bellen?' });
      await refetchSeen;
      await route.fulfill({ response });
      releaseRefetch();
    });
    loggingOut = true;
    await page.locator('button', { hasText: 'Uitloggen' }).click();
    await page.locator('#login-error', { hasText: 'uitgelogd' }).waitFor();
    assert.doesNotMatch(await page.locator('#login-error').textContent(), /verlopen/);
  });

  test('the language switch turns the pages English and is remembered', async () => {
    const page = await consolePage('alice');
    await page.locator('#lang').click();
    await page.locator('#claim-next', { hasText: 'Claim next task' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    await page.reload();
    await page.locator('#claim-next', { hasText: 'Claim next task' }).waitFor();
    await page.goto(server.url + '/dashboard/');
    await page.locator('.top .title', { hasText: 'Dashboard' }).waitFor();
    await page.locator('#denied', { hasText: 'You do not have access' }).waitFor();
  });

  test('both pages fit 1280 and 768 px wide screens (screenshots saved)', async () => {
    await createCallback(server.url, { question: 'Hoe leer ik mijn kind omgaan met boosheid?' });
    for (const width of [1280, 768]) {
      const console_ = await consolePage('alice', { width, height: 1000 });
      await console_.locator('#queue-list .task-card').first().waitFor();
      await console_.locator('#queue-list .task-card .ref').first().click();
      await console_.locator('#task-body').waitFor();
      const dashboard = await dashboardPage({ width, height: 1000 });
      await dashboard.locator('#tile-queued').waitFor();
      await dashboard.locator('#chart svg').waitFor();
      for (const [name, page] of [['console', console_], ['dashboard', dashboard]]) {
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.ok(overflow <= 0, `${name} at ${width}px scrolls sideways by ${overflow}px`);
        const file = path.join(outDir, `${name}-${width}.png`);
        await page.screenshot({ path: file, fullPage: true });
        console.log(`screenshot: ${file}`);
      }
    }
  });

  // A tester's laptop (1366 × 768): the escalation table's action column was cut off in its
  // card (706 px of table in 625 px), and the dashboard opened scrolled 54 px down, the header
  // out of sight (focusing <main> after the login scrolled it to the top).
  test('at 1366 × 768 the escalation table fits its card, and the pages open at the top', async () => {
    await drainQueue();
    for (let i = 0; i < 2; i++) await createCallback(server.url, { question: 'Mijn kind van 4 huilt veel, kunt u mij bellen?' });
    await advanceClock(server.url, SLA_MS + 60 * 1000);
    for (const [width, height] of [[1366, 768], [1280, 800], [768, 1000]]) {
      const dashboard = await dashboardPage({ width, height });
      await dashboard.locator('#esc-body .esc-row').first().waitFor();
      const fit = await dashboard.evaluate(() => {
        const table = document.querySelector('#esc-table');
        return { table: table.scrollWidth, room: table.parentElement.clientWidth };
      });
      assert.ok(fit.table <= fit.room, `at ${width}px the escalation table is ${fit.table}px in ${fit.room}px`);
      assert.ok(await dashboard.locator('#esc-body .esc-row .ack').first().isVisible());
      assert.equal(await dashboard.evaluate(() => window.scrollY), 0, `the dashboard at ${width}px opens at the top`);
      assert.equal(await dashboard.evaluate(() => document.activeElement.id), 'main', 'the focus is past the header');
      await dashboard.screenshot({ path: path.join(outDir, `dashboard-${width}x${height}.png`) });
    }
    const console_ = await consolePage('alice', { width: 1366, height: 768 });
    await console_.locator('#queue-list .task-card').first().waitFor();
    assert.equal(await console_.evaluate(() => window.scrollY), 0, 'the console opens at the top');
  });

  // Headless Chromium asks for no icon at all, so the test reads what a desktop browser would
  // use: each page names an inline icon (a data: URL, which the pages' policy allows) and
  // never sends the browser to /favicon.ico, which the line does not serve.
  test('every page names its own icon, so no browser asks for /favicon.ico', async () => {
    assert.equal((await fetch(`${server.url}/favicon.ico`)).status, 404, 'the line serves no /favicon.ico');
    for (const pathname of ['/console/', '/dashboard/', '/dashboard/reports.html', '/demo/index.html', '/']) {
      const page = await openPage(pathname);
      const icons = await page.evaluate(() => [...document.querySelectorAll('link[rel~="icon"]')].map((l) => l.href));
      assert.equal(icons.length, 1, `${pathname} names one icon`);
      assert.match(icons[0], /^data:/, `${pathname}'s icon is inline`);
      assert.deepEqual(page.cspViolations, [], `${pathname} breaks no policy with it`);
    }
  });
});

// ---------------------------------------------------------------------------------------
// The reports page (/dashboard/reports.html, GET /v1/reports/daily and /monthly).

describe('reports page', () => {
  // A fixed Dutch week later than anything the other tests did on the fake clock, so every
  // figure of it comes from this script. 2031-03-11 10:00 CET (winter time) = 09:00 UTC.
  const MINUTE = 60 * 1000;
  const DAY_BEFORE = Date.UTC(2031, 2, 11, 9, 0);
  const DAY = DAY_BEFORE + 24 * 60 * MINUTE;
  const D = '2031-03-12', D1 = '2031-03-11';

  const setClock = async (ms) => {
    const res = await fetch(server.url + '/test/clock', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ set_ms: ms }),
    });
    assert.equal(res.status, 200, await res.text());
  };
  const postJson = async (pathname, body) => {
    const res = await fetch(server.url + pathname, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
    });
    return { status: res.status, body: res.status === 204 ? null : await res.json() };
  };
  // One chat session with one message; the reply's type must be `type`.
  const chat = async (text, type) => {
    const session = await postJson('/v1/chat/sessions', { site_key: 'demo', lang: 'nl' });
    const reply = await postJson(`/v1/chat/sessions/${session.body.session_id}/messages`, { text });
    assert.equal(reply.body.type, type, `${text}: ${JSON.stringify(reply.body)}`);
    return { session: session.body.session_id, reply: reply.body };
  };

  // The day before: 3 chats answered at once. The day itself: 6 answered (one "did not
  // help"), 2 handed to a specialist, 2 urgent, and 5 callback forms that a specialist
  // completes 20 minutes later as referred to the JGZ.
  //   day:        chat 10, form 5, total 15; answered 6, choices 0, handoff 7, urgent 2
  //   day before: chat 3, total 3; answered 3
  // Shared ("<5"): the day's urgent 2 and, so it cannot be worked out from the total, its
  // answered 6; the day before's 3s.
  before(async () => {
    await setClock(DAY_BEFORE);
    for (let i = 0; i < 3; i++) await chat('Mijn peuter heeft driftbuien', 'answer');
    await setClock(DAY);
    const first = await chat('Mijn peuter heeft driftbuien', 'answer');
    const feedback = await postJson(`/v1/chat/sessions/${first.session}/feedback`, { article_id: first.reply.article.id, helped: false });
    assert.equal(feedback.status, 204);
    for (let i = 0; i < 5; i++) await chat('Mijn peuter heeft driftbuien', 'answer');
    for (let i = 0; i < 2; i++) await chat('Wat is de hoofdstad van Peru?', 'handoff');
    for (let i = 0; i < 2; i++) await chat('Mijn dochter praat steeds over zelfmoord', 'urgent');
    const forms = [];
    for (let i = 0; i < 5; i++) forms.push(await createCallback(server.url, { question: `Vraag over slapen ${i}` }));
    await setClock(DAY + 20 * MINUTE);
    const specialist = await consolePage('alice');
    for (const { id } of forms) {
      const status = await specialist.evaluate(async (taskId) => {
        const me = await (await fetch('/v1/auth/me')).json();
        const post = (op, body) => fetch(`/v1/callbacks/${taskId}/${op}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token },
          body: JSON.stringify(body),
        }).then((r) => r.status);
        return [await post('claim', {}), await post('complete', { outcome: 'referred', referral: 'JGZ' })];
      }, id);
      assert.deepEqual(status, [200, 200], `task ${id}`);
    }
    await specialist.context().close();
    await setClock(DAY + 2 * 60 * MINUTE);
  });

  const rowCells = (page, table, period) =>
    page.locator(`#${table} tr[data-period="${period}"] td`).allTextContents();
  const keyCells = (page, card, key) => page.locator(`#bd-${card} tr[data-key="${key}"] td`).allTextContents();
  async function reportsPage() {
    const page = await dashboardPage();
    await page.getByRole('link', { name: 'Rapportages' }).click();
    await page.waitForURL(/\/dashboard\/reports\.html$/);
    await page.locator('#app').waitFor();
    await page.locator('#report-status', { hasText: 'geladen' }).waitFor();
    return page;
  }

  test('shows contacts and questions as bars and tables, small counts as "<5" or exactly', async () => {
    const page = await reportsPage();
    // The server's defaults on its own clock: the last 7 Dutch days.
    assert.equal(await page.locator('#report-from').inputValue(), '2031-03-06');
    assert.equal(await page.locator('#report-to').inputValue(), D);
    assert.equal(await page.locator('#view-suppressed').isChecked(), true, 'the export view first');

    // Channels: voice, SMS, WhatsApp, chat, form, total.
    assert.deepEqual(await rowCells(page, 'contacts-table', D), ['0', '0', '0', '10', '5', '15']);
    assert.deepEqual(await rowCells(page, 'contacts-table', D1), ['0', '0', '0', '<5', '0', '<5']);
    assert.deepEqual(await rowCells(page, 'contacts-table', '2031-03-10'), ['0', '0', '0', '0', '0', '0']);
    assert.deepEqual(await rowCells(page, 'contacts-table', 'total'), ['0', '0', '0', '13', '5', '18']);
    // Answered, choices, handoff, urgent, total.
    assert.deepEqual(await rowCells(page, 'questions-table', D), ['<5', '0', '7', '<5', '15']);
    assert.deepEqual(await rowCells(page, 'questions-table', D1), ['<5', '0', '0', '0', '<5']);
    assert.equal(await page.locator('#contacts-table td.hidden-count').count(), 2, 'the day before: chat and total');
    assert.match(await page.locator('#small-note').textContent(), /"<5" betekent 1 tot en met 4/);

    // The chart: an SVG image with a title, bars where counts are shown, an open circle and
    // no bar where one is hidden.
    const chart = page.locator('#contacts-chart svg[role="img"]');
    assert.match(await chart.locator('title').first().textContent(), /contacten per dag, per kanaal/);
    const bar = (period, key) => page.locator(`#contacts-chart rect[data-period="${period}"][data-key="${key}"]`);
    const mark = (period, key) => page.locator(`#contacts-chart circle.hidden-mark[data-period="${period}"][data-key="${key}"]`);
    assert.equal(await bar(D, 'chat').count(), 1);
    assert.equal(await bar(D, 'form').count(), 1);
    assert.equal(await bar(D, 'voice').count(), 0, 'no bar for 0');
    assert.equal(await bar(D1, 'chat').count(), 0, 'no bar for a hidden count');
    assert.equal(await mark(D1, 'chat').count(), 1);
    const height = async (locator) => Number(await locator.getAttribute('height'));
    assert.ok(Math.abs((await height(bar(D, 'form'))) / (await height(bar(D, 'chat'))) - 0.5) < 0.01, 'form is half of chat');
    assert.equal(await page.locator('#questions-chart rect').count(), 1, 'only the day\'s handoff 7 is drawn');
    assert.equal(await page.locator('#questions-chart circle.hidden-mark').count(), 3);

    // Callbacks: created, completed, within the deadline, its share, minutes to the first
    // call (median, 90%) and to completion.
    assert.deepEqual(await rowCells(page, 'callbacks-table', D), ['5', '5', '5', '100%', '20', '20', '20', '20']);
    assert.deepEqual(await rowCells(page, 'callbacks-table', D1), ['0', '0', '0', '—', '—', '—', '—', '—']);
    assert.deepEqual(await keyCells(page, 'topics', 'driftbuien'), ['9']);
    assert.deepEqual(await keyCells(page, 'outcomes', 'referred'), ['5']);
    assert.equal(await page.locator('#bd-outcomes tr[data-key="referred"] th').textContent(), 'Doorverwezen');
    assert.deepEqual(await keyCells(page, 'referrals', 'JGZ'), ['5']);
    assert.deepEqual(await keyCells(page, 'risk_categories', 'suicide_self_harm'), ['<5']);
    assert.deepEqual(await keyCells(page, 'feedback', 'nl/driftbuien-peuter'), ['NL', '0', '<5']);

    // The supervisor's own view: every count exactly, and a bar for the day before's 3.
    await page.getByLabel('Exact tonen (alleen voor eigen gebruik)').check();
    await page.locator('#report-status', { hasText: 'exacte aantallen' }).waitFor();
    assert.deepEqual(await rowCells(page, 'contacts-table', D1), ['0', '0', '0', '3', '0', '3']);
    assert.deepEqual(await rowCells(page, 'questions-table', D), ['6', '0', '7', '2', '15']);
    assert.deepEqual(await rowCells(page, 'questions-table', 'total'), ['9', '0', '7', '2', '18']);
    assert.equal(await page.locator('#report td.hidden-count').count(), 0);
    assert.equal(await page.locator('#report circle.hidden-mark').count(), 0);
    assert.ok(Math.abs((await height(bar(D1, 'chat'))) / (await height(bar(D, 'chat'))) - 0.3) < 0.01, '3 is 3/10 of 10');
    assert.deepEqual(await keyCells(page, 'risk_categories', 'suicide_self_harm'), ['2']);
    assert.deepEqual(await keyCells(page, 'feedback', 'nl/driftbuien-peuter'), ['NL', '0', '1']);
    // Every contact came at 10 o'clock, Dutch time; hours without any are left out.
    assert.deepEqual(await page.locator('#bd-contacts_by_hour tbody tr').evaluateAll((rows) => rows.map((r) => r.textContent)),
      ['10:00–11:0018']);
    assert.match(await page.locator('#small-note').textContent(), /alleen voor eigen gebruik/);

    // Monthly: this month by default, the same counters summed.
    await page.locator('#report-kind').selectOption('monthly');
    await page.locator('#report-status', { hasText: 'maart 2031' }).waitFor();
    assert.equal(await page.locator('#report-from').getAttribute('type'), 'month');
    assert.equal(await page.locator('#report-from').inputValue(), '2031-03');
    assert.deepEqual(await rowCells(page, 'contacts-table', '2031-03'), ['0', '0', '0', '13', '5', '18']);
    assert.equal(await page.locator('#contacts-chart rect[data-period="2031-03"]').count(), 2);
    assert.deepEqual(page.errors, []);
    assert.deepEqual(page.cspViolations, []);
  });

  test('downloads the CSV: a byte-order mark, the header, small counts hidden, semicolons for Excel', async () => {
    const page = await reportsPage();
    // Even from the exact view, what leaves the line hides small counts.
    await page.getByLabel('Exact tonen (alleen voor eigen gebruik)').check();
    await page.locator('#report-status', { hasText: 'exacte aantallen' }).waitFor();
    const download = async () => {
      const [file] = await Promise.all([page.waitForEvent('download'), page.locator('#csv-download').click()]);
      return { name: file.suggestedFilename(), bytes: readFileSync(await file.path()) };
    };
    const plain = await download();
    assert.equal(plain.name, `advieslijn-demo-daily-2031-03-06-${D}.csv`);
    assert.deepEqual([...plain.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 byte-order mark');
    const text = plain.bytes.subarray(3).toString('utf8');
    assert.equal(text.split('\r\n')[0], 'period,measure,key,value');
    assert.ok(text.includes(`\r\n${D},contacts_by_channel,chat,10\r\n`), text.slice(0, 400));
    assert.ok(text.includes(`\r\n${D1},contacts_by_channel,chat,<5\r\n`));
    assert.ok(text.includes(`\r\n${D},questions,urgent,<5\r\n`));
    assert.ok(text.includes('\r\ntotal,contacts,total,18\r\n'));

    await page.getByLabel('Puntkomma als scheidingsteken (Nederlandse Excel)').check();
    const excel = (await download()).bytes.subarray(3).toString('utf8');
    assert.equal(excel.split('\r\n')[0], 'period;measure;key;value');
    assert.ok(excel.includes(`\r\n${D};referrals;JGZ;5\r\n`), excel.slice(0, 400));
    assert.deepEqual(page.errors, []);
  });

  // A tester asked for an impossible range and still saw the previous report and its CSV link
  // under the error, as if they were the figures asked for.
  test('an invalid range takes the previous report and its CSV link away and says why, in Dutch', async () => {
    const page = await reportsPage();
    assert.ok(await page.locator('#report').isVisible());
    assert.match(await page.locator('#csv-download').getAttribute('href'), /format=csv/);

    await page.locator('#report-from').fill('2031-03-12');
    await page.locator('#report-to').fill('2031-03-05');
    await page.locator('#report-to').press('Enter');
    await page.locator('#report-status[data-kind="error"]', { hasText: '"Van" moet op of vóór "Tot en met" liggen' }).waitFor();
    assert.doesNotMatch(await page.locator('#report-status').textContent(), /must be|YYYY/, 'not the server\'s English');
    assert.ok(await page.locator('#report').isHidden(), 'the previous report is gone');
    assert.equal(await page.locator('#csv-download').getAttribute('href'), null, 'no CSV link to the previous report');
    assert.equal(await page.locator('#contacts-table tr').count(), 0, 'nor its figures, hidden');
    assert.equal(await page.locator('#report-from').inputValue(), '2031-03-12', 'what was typed stays to be mended');

    // Mended: the report and its link are back, for the range asked for.
    await page.locator('#report-to').fill('2031-03-12');
    await page.locator('#report-to').press('Enter');
    await page.locator('#report-status[data-kind="ok"]', { hasText: 'geladen' }).waitFor();
    assert.ok(await page.locator('#report').isVisible());
    assert.match(await page.locator('#csv-download').getAttribute('href'), /from=2031-03-12&to=2031-03-12/);
    assert.deepEqual(page.errors, []);
  });

  test('keyboard, English and axe: a chosen range, labelled controls, no violations', async () => {
    const page = await reportsPage();
    await page.locator('#report-from').fill(D1);
    await page.locator('#report-to').fill(D);
    await page.locator('#report-to').press('Enter');
    await page.waitForFunction(() => document.querySelectorAll('#contacts-table tbody tr').length === 3);
    assert.deepEqual(await page.locator('#contacts-table tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.period)),
      [D1, D, 'total']);
    for (const details of await page.locator('#report details').all()) await details.evaluate((d) => (d.open = true));
    const all = { impacts: 'all' };
    assert.deepEqual(await axeViolations(page, all), [], 'reports, export view');
    await page.getByLabel('Exact tonen (alleen voor eigen gebruik)').focus();
    await page.keyboard.press('Space');
    await page.locator('#report-status', { hasText: 'exacte aantallen' }).waitFor();
    assert.deepEqual(await axeViolations(page, all), [], 'reports, exact view');
    for (const width of [1280, 768]) {
      await page.setViewportSize({ width, height: 1000 });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `reports at ${width}px scrolls sideways by ${overflow}px`);
      assert.deepEqual(await axeViolations(page, all), [], `reports at ${width}px`);
      const file = path.join(outDir, `reports-${width}.png`);
      await page.screenshot({ path: file, fullPage: true });
      console.log(`screenshot: ${file}`);
    }
    await page.setViewportSize({ width: 1280, height: 900 });

    // Ten weeks: the chart grows wider than its card and scrolls, reachable by keyboard;
    // period names are thinned out, the page itself does not scroll sideways.
    await page.locator('#report-from').fill('2031-01-01');
    await page.locator('#report-from').press('Enter');
    await page.waitForFunction(() => document.querySelectorAll('#contacts-table tbody tr').length === 72);
    const scroller = page.locator('#contacts-chart .chart-scroll[role="region"][tabindex="0"]');
    assert.equal(await scroller.count(), 1);
    assert.ok(await scroller.evaluate((n) => n.scrollWidth > n.clientWidth), 'the chart scrolls');
    const labels = await page.locator('#contacts-chart text[text-anchor="middle"]').count();
    assert.ok(labels > 0 && labels < 71, `${labels} period names`);
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth));
    assert.deepEqual(await axeViolations(page, all), [], 'reports, ten weeks');

    await page.locator('#lang').click();
    await page.locator('#contacts-title', { hasText: 'Contacts by channel' }).waitFor();
    assert.equal(await page.locator('#contacts-table th[scope="col"]').nth(4).textContent(), 'Chat');
    assert.equal(await page.locator('#bd-outcomes tr[data-key="referred"] th').textContent(), 'Referred');
    assert.deepEqual(await axeViolations(page, all), [], 'reports in English');
    // Back to the dashboard.
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.locator('#tile-queued').waitFor();
    assert.deepEqual(page.errors, []);
    assert.deepEqual(page.cspViolations, []);

    // A specialist gets no reports.
    await assertNoAccess('/dashboard/reports.html');
  });
});
