// End-to-end tests of the chat widget: headless Chromium on the hostile demo page, served by
// the real gateway binary, backed by a private redis-server.
//   node widget.test.mjs GATEWAY_BINARY SOURCE_DIR [OUTPUT_DIR]
// Exits 77 (ctest: skipped) when /usr/bin/chromium is not installed.
import { describe, test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  testArguments, freePort, tempDir, startRedis, stopProcess, redisCli, chatKey, writeConfig, startGateway, launchBrowser,
} from './harness.mjs';

const { GATEWAY_BINARY: binary, SOURCE_DIR: sourceDir, OUTPUT_DIR: outDir } =
  testArguments('widget.test.mjs', ['GATEWAY_BINARY', 'SOURCE_DIR']);

const SIZE_BUDGET = 30 * 1024;
const widgetFiles = () => [path.join(sourceDir, 'web-widget/widget.js')];

test('widget.js with its CSS stays within 30 KB gzipped', () => {
  const size = gzipSize(widgetFiles());
  console.log(`widget gzipped: ${size} bytes (budget ${SIZE_BUDGET})`);
  assert.ok(size <= SIZE_BUDGET, `widget is ${size} bytes gzipped, over the ${SIZE_BUDGET} byte budget`);
  // The measurement itself must be able to fail: 40 KB of random text does not fit.
  const random = Buffer.from(Array.from({ length: 40 * 1024 }, () => Math.floor(Math.random() * 94) + 33));
  assert.ok(gzipSync(random, { level: 9 }).length > SIZE_BUDGET);
});

function gzipSize(files) {
  return gzipSync(Buffer.concat(files.map((f) => readFileSync(f))), { level: 9 }).length;
}

// Questions for the default knowledge base and the risk rules (routing/).
const KNOWN_QUESTION = "Mijn baby wordt 's nachts steeds wakker";
// Two sleep articles tie on it. ('Mijn baby slaapt niet door' was ambiguous until separable verbs
// were recombined: it now answers with doorslapen.)
const AMBIGUOUS_QUESTION = 'mijn baby slaapt slecht';
const UNKNOWN_QUESTION = 'Hoe repareer ik de carburateur van mijn brommer?';
const RISK_PHRASE = 'Mijn dochter praat steeds over zelfmoord';
const TENANT_TEL = 'tel:+31880030060';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

let dir, redis, gateway, browser, config, crossOriginHost, crossOriginPort;
const pages = [];

before(async () => {
  dir = tempDir('advieslijn-browser-');
  redis = await startRedis(dir);
  const port = await freePort();
  crossOriginPort = await freePort();
  config = writeConfig(sourceDir, dir, [`http://127.0.0.1:${port}`, `http://127.0.0.1:${crossOriginPort}`]);
  gateway = await startGateway({ binary, config, port, redisPort: redis.port, dir });
  browser = await launchBrowser(path.join(dir, 'profile'));
});

after(async () => {
  await browser?.close();
  if (crossOriginHost) await new Promise((r) => crossOriginHost.close(r));
  if (gateway) await stopProcess(gateway.child);
  if (redis) await stopProcess(redis.child);
});

afterEach(async (t) => {
  while (pages.length) await pages.pop().close().catch(() => {});
});

// ---------------------------------------------------------------------------------------
// Helpers. Playwright's CSS selectors reach into open shadow roots, so '.launcher' finds
// the widget's button inside <advieslijn-chat>.

// `htmlLang`, `dataLang`: the demo page with another <html lang>, or a data-lang on the tag.
// `before`: called with the page before it loads (to route requests).
async function openDemo({ base = gateway.url, width = 1280, height = 800, htmlLang, dataLang, before } = {}) {
  const page = await browser.newPage();
  pages.push(page);
  await page.setViewportSize({ width, height });
  page.on('pageerror', (e) => console.error('page error:', e.message));
  if (htmlLang || dataLang) {
    await page.route('**/demo/index.html', async (route) => {
      const res = await route.fetch();
      let body = await res.text();
      if (htmlLang) body = body.replace('<html lang="nl">', `<html lang="${htmlLang}">`);
      if (dataLang) body = body.replace('data-site-key="demo"', `data-site-key="demo" data-lang="${dataLang}"`);
      await route.fulfill({ response: res, body });
    });
  }
  if (before) await before(page);
  await page.goto(base + '/demo/index.html');
  await page.locator('.launcher').waitFor();
  return page;
}

async function openWidget(page) {
  await page.locator('.launcher').click();
  await page.locator('.msg.line').first().waitFor();
}

async function ask(page, text) {
  const before = await page.locator('.msg.line, .urgent').count();
  await page.locator('#al-input').fill(text);
  await page.locator('#al-input').press('Enter');
  await page.locator('.msg.line, .urgent').nth(before).waitFor();
  return page.locator('.msg.line, .urgent').nth(before);
}

// Asks something the knowledge base does not know and picks the specialist: the form.
async function openCallbackForm(page) {
  await openWidget(page);
  const reply = await ask(page, UNKNOWN_QUESTION);
  await reply.locator('button', { hasText: /specialist|Geen van deze/ }).first().click();
  await page.locator('#al-phone').waitFor();
}

// Sends the risk phrase; the urgent box must offer 112 and 113 as tap-to-call links.
async function askRiskPhrase(page) {
  await ask(page, RISK_PHRASE);
  const urgent = page.locator('.urgent');
  await urgent.waitFor();
  const hrefs = await urgent.locator('a.call').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.ok(hrefs.includes('tel:112'), `tel:112 offered, got ${hrefs}`);
  assert.ok(hrefs.some((h) => /^tel:(113|08000113)$/.test(h)), `113 offered, got ${hrefs}`);
  return urgent;
}

// The element that has focus, looking through shadow roots.
function focused(page) {
  return page.evaluate(() => {
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return el ? { tag: el.tagName.toLowerCase(), id: el.id, cls: el.className, text: el.textContent.trim() } : null;
  });
}

async function tabUntil(page, matches, { max = 25, shift = false } = {}) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(shift ? 'Shift+Tab' : 'Tab');
    const f = await focused(page);
    if (f && matches(f)) return f;
  }
  throw new Error('keyboard focus never reached the expected element');
}

// `all`: every violation axe reports, not only the serious and critical ones.
async function axeViolations(page, { all = false } = {}) {
  if (!(await page.evaluate(() => !!window.axe))) await page.addScriptTag({ content: AXE_SOURCE });
  const results = await page.evaluate(() => window.axe.run({ include: [['advieslijn-chat']] }, { resultTypes: ['violations'] }));
  return results.violations
    .filter((v) => all || v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

function taskInRedis(id) {
  const keys = redisCli(redis.port, '--scan', '--pattern', `*task:${id}`).split('\n').filter(Boolean);
  assert.equal(keys.length, 1, `one Redis key for task ${id}, got ${JSON.stringify(keys)}`);
  const flat = redisCli(redis.port, 'HGETALL', keys[0]).split('\n');
  const hash = {};
  for (let i = 0; i + 1 < flat.length; i += 2) hash[flat[i]] = flat[i + 1];
  return hash;
}

// ---------------------------------------------------------------------------------------

describe('chat widget on the hostile demo page', () => {
  test('the host page CSS cannot hide or restyle the widget', async () => {
    const page = await openDemo();
    const launcher = page.locator('.launcher');
    assert.ok(await launcher.isVisible(), 'launcher visible despite display:none traps');
    const style = await launcher.evaluate((el) => {
      const s = getComputedStyle(el);
      return { font: s.fontFamily, size: s.fontSize, transform: s.textTransform };
    });
    assert.doesNotMatch(style.font, /Comic Sans/);
    assert.equal(style.size, '16px', 'the html { font-size: 5px } trap must not shrink the widget');
    assert.equal(style.transform, 'none');
  });

  test('asks a question and sees the answer, then says it helped', async () => {
    const page = await openDemo();
    await openWidget(page);
    assert.ok((await page.locator('.privacy').first().textContent()).length > 0, 'privacy note shown');
    const reply = await ask(page, KNOWN_QUESTION);
    const title = await reply.locator('.answer-title').textContent();
    assert.ok(title.length > 0, 'answer has a title');
    assert.ok((await reply.locator('.text').textContent()).length > 20, 'answer has a text');
    await page.locator('.feedback button', { hasText: 'Ja' }).click();
    await page.locator('.feedback .notice').waitFor();
    // The live region announces replies to screen readers.
    await page.waitForFunction(() =>
      document.querySelector('advieslijn-chat').shadowRoot.querySelector('[aria-live="polite"]').textContent.length > 0,
    );
  });

  // The demo tenant's fictitious social map (ops/config/demo-social-map): its default area is
  // Voorbeeldstad; 9995 lies in Proefdorp, where a sleep clinic works.
  test('under an answer, local services for its topic; a postcode narrows them', async () => {
    const page = await openDemo();
    await openWidget(page);
    await ask(page, KNOWN_QUESTION);
    const services = page.locator('.services');
    await services.waitFor();
    const first = await services.textContent();
    assert.match(first, /Voorbeeld Wijkteam Voorbeeldstad/, 'the default area\'s service for sleep');
    assert.doesNotMatch(first, /Slaapspreekuur/, 'not a service of another municipality');
    const tel = await services.locator('a[href^="tel:"]').first().getAttribute('href');
    assert.equal(tel, 'tel:+31880030064');
    // The services come before "did this help?".
    assert.ok(
      await page.evaluate(() => {
        const root = document.querySelector('advieslijn-chat').shadowRoot;
        const box = root.querySelector('.services');
        return !!(box.compareDocumentPosition(root.querySelector('.feedback')) & Node.DOCUMENT_POSITION_FOLLOWING);
      }),
    );

    await services.locator('input').fill('12');
    await services.locator('button').click();
    assert.match(await services.locator('.field-error').textContent(), /postcode/);
    assert.equal(await services.locator('input').getAttribute('aria-invalid'), 'true');

    await services.locator('input').fill('9995 ab');
    await services.locator('button').click();
    await page.waitForFunction(() =>
      document.querySelector('advieslijn-chat').shadowRoot.querySelector('.services').textContent.includes('Slaapspreekuur'),
    );
    const near = await services.textContent();
    assert.doesNotMatch(near, /Voorbeeld Wijkteam Voorbeeldstad/, 'Proefdorp is not Voorbeeldstad');
    assert.equal(await services.locator('input').inputValue(), '9995');
    assert.deepEqual(await axeViolations(page), []);
    await services.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(outDir, 'widget-services.png') });

    // A postcode where nothing for this topic works says so.
    await services.locator('input').fill('9997');
    await services.locator('button').click();
    await page.waitForFunction(() =>
      document.querySelector('advieslijn-chat').shadowRoot.querySelector('.services .notice') !== null,
    );
    assert.match(await services.locator('.notice').textContent(), /geen hulp/);
  });

  // The child's age the question names picks the services: the sleep clinic in Proefdorp is
  // for children up to 12, so a fifteen-year-old's family is not sent there.
  test('the local services are those for the age the question names', async () => {
    const page = await openDemo();
    const searches = [];
    page.on('request', (r) => {
      if (r.url().includes('/v1/map/search')) searches.push(new URL(r.url()).searchParams);
    });
    await openWidget(page);
    await ask(page, 'Mijn zoon van 15 heeft nachtmerries');
    const services = page.locator('.services');
    await services.waitFor();
    assert.equal(searches.at(-1).get('age'), '15');
    await services.locator('input').fill('9995');
    await services.locator('button').click();
    await page.waitForFunction(() =>
      document.querySelector('advieslijn-chat').shadowRoot.querySelector('.services .notice') !== null,
    );
    assert.equal(searches.at(-1).get('age'), '15', 'the postcode search keeps the age');
    assert.doesNotMatch(await services.textContent(), /Slaapspreekuur/);

    // A question without an age forgets the last one.
    await ask(page, KNOWN_QUESTION);
    await page.waitForFunction(() => document.querySelector('advieslijn-chat').shadowRoot.querySelectorAll('.services:not([hidden])').length === 2);
    assert.equal(searches.at(-1).get('age'), '0', 'a baby');
  });

  test('picks one of the offered choices and gets that answer', async () => {
    const page = await openDemo();
    await openWidget(page);
    const reply = await ask(page, AMBIGUOUS_QUESTION);
    const choice = reply.locator('.choice', { hasText: 'Mijn baby slaapt niet door' });
    await choice.click();
    await page.locator('.answer-title', { hasText: 'Mijn baby slaapt niet door' }).waitFor();
    // The pick shows as the visitor's message; the other choices can no longer be sent.
    assert.ok(await page.locator('.msg.visitor', { hasText: 'Mijn baby slaapt niet door' }).last().isVisible());
    assert.ok(await choice.isDisabled());
  });

  test('asks something unknown and leaves a number; the task is in Redis', async () => {
    const page = await openDemo();
    await openCallbackForm(page);
    assert.equal(await page.locator('#al-question').inputValue(), UNKNOWN_QUESTION, 'question carried over');

    // A number that is neither Dutch nor E.164 is refused on the spot, next to the field.
    await page.locator('#al-phone').fill('12345');
    await page.locator('.callback button[type="submit"]').click();
    await page.locator('#al-phone-error').waitFor();
    assert.equal(await page.locator('#al-phone').getAttribute('aria-invalid'), 'true');

    await page.locator('#al-name').fill('Sanne');
    await page.locator('#al-phone').fill('06 1234 5678');
    await page.locator('input[value="evening"]').check();
    // The family's terms (docs/callbacks.md, "Safe callbacks"): each one set in the form.
    await page.locator('#al-hours-from').fill('18:00');
    await page.locator('#al-hours-to').fill('20:00');
    await page.locator('#al-no-weekend').check();
    await page.locator('#al-voicemail').check();
    await page.locator('#al-announce').check();
    await page.locator('#al-alt-phone').fill('06-87 65 43 21');
    await page.locator('#al-terms-note').fill('Bel niet als mijn man opneemt');
    // Without consent nothing is sent.
    await page.locator('.callback button[type="submit"]').click();
    await page.locator('#al-consent-error').waitFor();
    await page.locator('#al-consent').check();

    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/v1/callbacks') && r.request().method() === 'POST'),
      page.locator('.callback button[type="submit"]').click(),
    ]);
    assert.equal(response.status(), 201);
    assert.ok(response.request().headers()['idempotency-key'], 'Idempotency-Key sent');
    const created = await response.json();
    await page.locator('.done').waitFor();
    const done = await page.locator('.done').textContent();
    assert.match(done, new RegExp(created.reference));
    assert.match(done, /24 uur/);

    const task = taskInRedis(created.id);
    assert.equal(task.phone, '+31612345678');
    assert.equal(task.state, 'queued');
    assert.match(task.questions ?? task.question ?? '', /carburateur/);
    assert.equal(task.safe_hours, '18:00-20:00');
    assert.equal(task.safe_minutes, '1080-1200');
    assert.equal(task.no_weekend, '1');
    assert.equal(task.voicemail, '1');
    assert.equal(task.announce_cjg, '1');
    assert.equal(task.alt_phone, '+31687654321');
    assert.equal(task.terms_note, 'Bel niet als mijn man opneemt');
  });

  // The form starts with what the visitor wrote since the line last answered them, not only
  // the last line (a tester's finding: "ze is 6" alone reached the specialist).
  test('the callback form starts with the visitor\'s messages since the last answer', async () => {
    const page = await openDemo();
    await openWidget(page);
    await ask(page, 'mijn peuter heeft driftbuien');
    await ask(page, UNKNOWN_QUESTION);
    const reply = await ask(page, 'het gaat om een oude Fiat uit negentienhonderd');
    await reply.locator('button', { hasText: /specialist|Geen van deze/ }).first().click();
    await page.locator('#al-phone').waitFor();
    assert.equal(await page.locator('#al-question').inputValue(),
      `${UNKNOWN_QUESTION} het gaat om een oude Fiat uit negentienhonderd`);
  });

  // The shared cases (tests/common/phone_test.cpp runs them through common/phone.cpp): the
  // widget's check and the server's answer to POST /v1/callbacks must both match each one.
  test('the phone check agrees with the server on every case of tests/data/phone_cases.json', async () => {
    const { cases, reasons } = JSON.parse(readFileSync(path.join(sourceDir, 'tests/data/phone_cases.json'), 'utf8'));
    assert.ok(cases.length >= 40, `${cases.length} cases`);
    const expected = (c) => c.e164 ?? `refused: ${c.refused}`;
    const page = await openDemo();
    const inWidget = await page.evaluate((inputs) => inputs.map((i) => window.__advieslijnWidget.parsePhone(i)), cases.map((c) => c.input));
    const wrong = [];
    for (const [i, c] of cases.entries()) {
      const got = inWidget[i].e164 ?? `refused: ${inWidget[i].error}`;
      if (got !== expected(c)) wrong.push(`widget ${JSON.stringify(c.input)}: ${got}, expected ${expected(c)}`);
    }
    for (const c of cases) {
      const res = await fetch(`${gateway.url}/v1/callbacks`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ site_key: 'demo', phone: c.input, lang: 'nl', question: 'Telefoonnummer-test', consent: true }),
      });
      const body = await res.json();
      // 200: the same phone and question again within a short while is the same task.
      const got = res.ok ? taskInRedis(body.id).phone : res.status === 400 ? body.error.message : `status ${res.status}`;
      const want = c.e164 ?? `phone: ${reasons[c.refused]}`;
      if (got !== want) wrong.push(`server ${JSON.stringify(c.input)}: ${got}, expected ${want}`);
    }
    assert.deepEqual(wrong, []);

    // In the form: a premium-rate number gets its own message, a spaced national number passes.
    await openCallbackForm(page);
    await page.locator('#al-phone').fill('0900 1234');
    await page.locator('.callback button[type="submit"]').click();
    assert.match(await page.locator('#al-phone-error').textContent(), /0900/);
    await page.locator('#al-phone').fill('06-12 34 56 78');
    await page.locator('#al-consent').check();
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/v1/callbacks') && r.request().method() === 'POST'),
      page.locator('.callback button[type="submit"]').click(),
    ]);
    assert.ok(response.ok(), `status ${response.status()}`);
    assert.equal(JSON.parse(response.request().postData()).phone, '+31612345678');
  });

  // A family that writes about danger only in the callback form: the answer shows where help
  // is now, above the confirmation, and the task is urgent.
  test('a risk phrase in the callback form shows the emergency numbers with the confirmation', async () => {
    const page = await openDemo();
    await openCallbackForm(page);
    await page.locator('#al-question').fill(RISK_PHRASE);
    await page.locator('#al-phone').fill('06 1234 5680');
    await page.locator('#al-consent').check();
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/v1/callbacks') && r.request().method() === 'POST'),
      page.locator('.callback button[type="submit"]').click(),
    ]);
    assert.equal(response.status(), 201);
    const created = await response.json();
    assert.equal(created.priority, 'urgent');
    const urgent = page.locator('.done .urgent');
    await urgent.waitFor();
    const hrefs = await urgent.locator('a.call').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    assert.ok(hrefs.includes('tel:112'), `tel:112 offered, got ${hrefs}`);
    assert.ok(hrefs.some((h) => /^tel:(113|08000113)$/.test(h)), `113 offered, got ${hrefs}`);
    // The guidance comes before the confirmation, and the confirmation is still there.
    const order = await page.locator('.done > *').evaluateAll((els) => els.map((e) => e.className || e.tagName));
    assert.ok(order.indexOf('urgent') >= 0 && order.indexOf('urgent') < order.indexOf('form-title'), `order ${order}`);
    assert.match(await page.locator('.done').textContent(), new RegExp(created.reference));
    assert.equal(taskInRedis(created.id).priority, 'urgent');
  });

  test('a risk phrase shows the urgent guidance with tap-to-call links', async () => {
    const page = await openDemo();
    await openWidget(page);
    const urgent = await askRiskPhrase(page);
    // Prominent: the call buttons are big enough to tap.
    const box = await urgent.locator('a.call').first().boundingBox();
    assert.ok(box.height >= 44, 'tap target at least 44px high');
  });

  test('quick exit: one tap leaves the page, nothing of the chat stays in the browser or on the line', async () => {
    const page = await openDemo();
    await page.route('https://www.google.com/**', (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: '<title>neutral</title><p>neutral</p>' }));
    await openWidget(page);
    await askRiskPhrase(page);
    const sessionId = await page.evaluate(() => JSON.parse(sessionStorage.getItem('advieslijn.demo')).session.session_id);
    assert.ok(redisCli(redis.port, 'EXISTS', chatKey(sessionId)).trim() === '1', 'the session is on the line');
    // A callback form half filled in: kept in sessionStorage (so a reload keeps it) until now.
    const reply = await ask(page, UNKNOWN_QUESTION);
    await reply.locator('button', { hasText: /specialist|Geen van deze/ }).first().click();
    await page.locator('#al-phone').fill('06 1234 5678');
    await page.locator('#al-terms-note').fill('Bel niet als mijn man opneemt');
    const draft = await page.evaluate(() => JSON.parse(sessionStorage.getItem('advieslijn.demo')).form);
    assert.equal(draft?.values?.phone, '06 1234 5678', 'the form draft is stored before the exit');
    await page.locator('.exit-button').click();
    await page.waitForURL('https://www.google.com/**');
    assert.equal(await page.title(), 'neutral');
    // The line forgot the session and its transcript (the DELETE is sent with keepalive).
    for (let i = 0; i < 50 && redisCli(redis.port, 'EXISTS', chatKey(sessionId)).trim() !== '0'; i++)
      await new Promise((r) => setTimeout(r, 100));
    assert.equal(redisCli(redis.port, 'EXISTS', chatKey(sessionId), chatKey(sessionId) + ':messages').trim(), '0');
    assert.equal((await fetch(gateway.url + '/v1/chat/sessions/' + sessionId)).status, 404);
    // Back on the CJG page in the same tab: no trace in sessionStorage or localStorage.
    await page.goto(gateway.url + '/demo/index.html');
    await page.locator('.launcher').waitFor();
    const left = await page.evaluate(() =>
      [...Object.keys(sessionStorage), ...Object.keys(localStorage)].filter((k) => k.startsWith('advieslijn')));
    assert.deepEqual(left, []);
    const stored = await page.evaluate(() => JSON.stringify({ ...sessionStorage, ...localStorage }));
    assert.doesNotMatch(stored, /1234 5678|mijn man/, 'nothing of the form draft anywhere');
    assert.ok(!(await page.locator('.panel').isVisible()), 'the chat does not reopen');
    await page.locator('.launcher').click();
    await page.locator('.msg.line').first().waitFor();
    assert.equal(await page.locator('#al-phone').count(), 0, 'no form comes back');
  });

  // A tester reloaded the page with the callback form open and lost everything typed in it.
  test('reloading with the callback form open brings it back as typed, and it is sent once', async () => {
    const page = await openDemo();
    await openCallbackForm(page);
    await page.locator('#al-name').fill('Sanne');
    // A number no other test leaves: the same number again would be merged into its task (200).
    await page.locator('#al-phone').fill('06 1357 2468');
    await page.locator('input[value="evening"]').check();
    await page.locator('#al-hours-from').fill('18:00');
    await page.locator('#al-hours-to').fill('20:00');
    await page.locator('#al-no-weekend').check();
    await page.locator('#al-voicemail').check();
    await page.locator('#al-alt-phone').fill('06-87 65 43 21');
    await page.locator('#al-terms-note').fill('Bel niet als mijn man opneemt');
    await page.locator('#al-question').fill('Mijn brommer start niet, kan iemand mij bellen?');
    await page.locator('#al-consent').check();
    const key = await page.evaluate(() => JSON.parse(sessionStorage.getItem('advieslijn.demo')).form.key);

    await page.reload();
    await page.locator('#al-phone').waitFor();
    assert.ok(await page.locator('.form-view').isVisible(), 'the form is open again');
    assert.equal(await page.locator('#al-name').inputValue(), 'Sanne');
    assert.equal(await page.locator('#al-phone').inputValue(), '06 1357 2468');
    assert.ok(await page.locator('input[value="evening"]').isChecked());
    assert.equal(await page.locator('#al-hours-from').inputValue(), '18:00');
    assert.equal(await page.locator('#al-hours-to').inputValue(), '20:00');
    assert.ok(await page.locator('#al-no-weekend').isChecked());
    assert.ok(await page.locator('#al-voicemail').isChecked());
    assert.ok(!(await page.locator('#al-announce').isChecked()));
    assert.equal(await page.locator('#al-alt-phone').inputValue(), '06-87 65 43 21');
    assert.equal(await page.locator('#al-terms-note').inputValue(), 'Bel niet als mijn man opneemt');
    assert.equal(await page.locator('#al-question').inputValue(), 'Mijn brommer start niet, kan iemand mij bellen?');
    assert.ok(await page.locator('#al-consent').isChecked());

    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/v1/callbacks') && r.request().method() === 'POST'),
      page.locator('.callback button[type="submit"]').click(),
    ]);
    assert.equal(response.status(), 201);
    assert.equal(response.request().headers()['idempotency-key'], key, 'the same form, the same key');
    const task = taskInRedis((await response.json()).id);
    assert.equal(task.terms_note, 'Bel niet als mijn man opneemt');
    assert.equal(task.safe_hours, '18:00-20:00');
    await page.locator('.done').waitFor();
    // Sent: the draft is gone, and a reload shows the conversation, not the form.
    assert.equal(await page.evaluate(() => JSON.parse(sessionStorage.getItem('advieslijn.demo')).form), undefined);
    await page.reload();
    await page.locator('.msg.line').first().waitFor();
    assert.equal(await page.locator('#al-phone').count(), 0);
  });

  test('an ended conversation takes the form draft with it; going back from the form does too', async () => {
    const page = await openDemo();
    await openCallbackForm(page);
    await page.locator('#al-phone').fill('06 1234 5678');
    // "Back" closes the form and forgets it.
    await page.locator('.callback button.linkish').click();
    assert.equal(await page.evaluate(() => JSON.parse(sessionStorage.getItem('advieslijn.demo')).form), undefined);
    await page.locator('.bar button').first().click();
    await page.locator('#al-phone').waitFor();
    assert.equal(await page.locator('#al-phone').inputValue(), '');

    // The line ends the conversation (its time ran out): after a reload the widget starts a
    // new one, without the old form.
    await page.locator('#al-phone').fill('06 1234 5678');
    await page.locator('#al-terms-note').fill('Bel niet als mijn man opneemt');
    const sessionId = await page.evaluate(() => JSON.parse(sessionStorage.getItem('advieslijn.demo')).session.session_id);
    redisCli(redis.port, 'DEL', chatKey(sessionId), chatKey(sessionId) + ':messages');
    await page.reload();
    await page.locator('.msg.line').first().waitFor();
    await page.waitForFunction((old) => JSON.parse(sessionStorage.getItem('advieslijn.demo'))?.session?.session_id !== old, sessionId);
    assert.equal(await page.locator('#al-phone').count(), 0, 'no form in the new conversation');
    const stored = await page.evaluate(() => sessionStorage.getItem('advieslijn.demo'));
    assert.doesNotMatch(stored, /1234 5678|mijn man/);
  });

  test('reloading mid-conversation keeps the conversation and it continues', async () => {
    const page = await openDemo();
    await openWidget(page);
    const first = await ask(page, KNOWN_QUESTION);
    const title = await first.locator('.answer-title').textContent();
    const sessionId = await page.evaluate(() => JSON.parse(sessionStorage.getItem('advieslijn.demo')).session.session_id);

    await page.reload();
    await page.locator('.answer-title', { hasText: title }).waitFor();
    assert.ok(await page.locator('.panel').isVisible(), 'panel reopened after reload');
    assert.ok(await page.locator('.msg.visitor', { hasText: KNOWN_QUESTION }).isVisible());
    const after = await page.evaluate(() => JSON.parse(sessionStorage.getItem('advieslijn.demo')).session.session_id);
    assert.equal(after, sessionId, 'same session resumed');
    await ask(page, KNOWN_QUESTION);
    assert.equal(await page.locator('.answer-title').count(), 2);
  });

  test('a callback request that met a 503 is sent again with the same Idempotency-Key, once stored', async () => {
    const page = await openDemo();
    await openCallbackForm(page);
    // The first try is answered 503 as if the connection dropped after the write; the retry
    // reaches the line. Both must carry the same key, and the family sees one reference.
    const keys = [];
    let first = true;
    await page.route('**/v1/callbacks', async (route) => {
      keys.push(route.request().headers()['idempotency-key']);
      if (first) {
        first = false;
        await route.fulfill({ status: 503, contentType: 'application/json', body: '{"error":"unavailable"}' });
      } else {
        await route.continue();
      }
    });
    await page.locator('#al-phone').fill('06 1234 5679');
    await page.locator('#al-consent').check();
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/v1/callbacks') && r.status() === 201),
      page.locator('.callback button[type="submit"]').click(),
    ]);
    const created = await response.json();
    await page.locator('.done').waitFor();
    assert.match(await page.locator('.done').textContent(), new RegExp(created.reference));
    assert.equal(keys.length, 2);
    assert.ok(keys[0]);
    assert.equal(keys[1], keys[0]);
    assert.equal(taskInRedis(created.id).phone, '+31612345679');
    await page.unroute('**/v1/callbacks');
  });

  test('shows a plain offline message with the phone number when the line is gone, and recovers', async () => {
    // A second gateway of its own, so stopping it does not disturb the other tests.
    const port = await freePort();
    const cfg = writeConfig(sourceDir, dir, [`http://127.0.0.1:${port}`]);
    let line = await startGateway({ binary, config: cfg, port, redisPort: redis.port, dir, name: 'offline' });
    try {
      const page = await openDemo({ base: line.url });
      await openWidget(page);
      await stopProcess(line.child);

      await page.locator('#al-input').fill(KNOWN_QUESTION);
      await page.locator('#al-input').press('Enter');
      const offline = page.locator('.offline');
      await offline.waitFor({ timeout: 30000 });
      assert.match(await offline.textContent(), /niet.*bereiken/);
      assert.equal(await offline.locator('a.call').getAttribute('href'), TENANT_TEL);

      // The connection comes back: "try again" continues the same session.
      line = await startGateway({ binary, config: cfg, port, redisPort: redis.port, dir, name: 'offline-2' });
      await offline.locator('button').click();
      await page.locator('.answer-title').waitFor();
      assert.equal(await page.locator('.offline').count(), 0);
    } finally {
      await stopProcess(line.child);
    }
  });

  test('while Redis is down, a risk phrase still gets the emergency numbers and a known question its article', async () => {
    // A gateway with a Redis of its own, stopped mid-conversation.
    const ownDir = tempDir('advieslijn-widget-redis-');
    const ownRedis = await startRedis(ownDir);
    const port = await freePort();
    const cfg = writeConfig(sourceDir, ownDir, [`http://127.0.0.1:${port}`]);
    const line = await startGateway({ binary, config: cfg, port, redisPort: ownRedis.port, dir: ownDir, name: 'no-redis' });
    try {
      const page = await openDemo({ base: line.url });
      await openWidget(page);
      await page.locator('.msg.line').first().waitFor();
      await stopProcess(ownRedis.child);

      await askRiskPhrase(page);
      assert.match(await page.locator('.offline').textContent(), /niet.*bereiken/);

      // The articles need no session: the answer is shown after the outage notice, without a
      // "did this help?" that could not be kept.
      await ask(page, KNOWN_QUESTION);
      await page.locator('.answer-title').waitFor();
      assert.equal(await page.locator('.feedback').count(), 0);
    } finally {
      await stopProcess(line.child);
      await stopProcess(ownRedis.child);
    }
  });

  test('keyboard only: open, ask, leave a number, close', async () => {
    const page = await openDemo();
    await tabUntil(page, (f) => f.cls.includes('launcher'));
    await page.keyboard.press('Enter');
    await page.locator('.msg.line').first().waitFor();
    assert.equal((await focused(page)).id, 'al-input', 'focus moves into the panel on open');

    await page.keyboard.type(KNOWN_QUESTION);
    await page.keyboard.press('Enter');
    await page.locator('.answer-title').waitFor();

    // Back from the text box into the conversation reaches the "did this help?" buttons.
    await page.locator('#al-input').focus();
    await tabUntil(page, (f) => f.text === 'Nee', { shift: true, max: 10 });
    await page.keyboard.press('Enter');
    await page.locator('.feedback .primary').waitFor();
    assert.equal((await focused(page)).text, 'Praat met een specialist', 'focus on the offered next step');
    await page.keyboard.press('Enter');
    assert.equal((await focused(page)).tag, 'h3', 'focus on the form heading');

    await tabUntil(page, (f) => f.id === 'al-phone');
    await page.keyboard.type('+32470123456');
    await tabUntil(page, (f) => f.id === 'al-consent');
    await page.keyboard.press('Space');
    await tabUntil(page, (f) => f.cls.includes('primary'));
    await page.keyboard.press('Enter');
    await page.locator('.done').waitFor();
    assert.equal((await focused(page)).text, 'Bedankt, we bellen je terug', 'focus on the confirmation');

    await page.keyboard.press('Escape');
    assert.ok(await page.locator('.panel').isHidden(), 'Escape closes the panel');
    assert.ok((await focused(page)).cls.includes('launcher'), 'focus returns to the launcher');
  });

  test('fits a 360 px wide phone screen (screenshot saved)', async () => {
    const page = await openDemo({ width: 360, height: 740 });
    await openWidget(page);
    const reply = await ask(page, KNOWN_QUESTION);
    // A long answer opens at its title, not scrolled to its end.
    const title = await reply.locator('.answer-title').boundingBox();
    const log = await page.locator('.log').boundingBox();
    assert.ok(title.y >= log.y && title.y < log.y + log.height, 'answer title in view');
    const box = await page.locator('.panel').boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= 360, `panel within the screen: ${JSON.stringify(box)}`);
    const overflow = await page.locator('.log').evaluate((el) => el.scrollWidth - el.clientWidth);
    assert.ok(overflow <= 0, `no sideways scrolling in the conversation (${overflow}px)`);
    const file = path.join(outDir, 'widget-360.png');
    await page.screenshot({ path: file });
    console.log(`screenshot: ${file}`);
  });

  test('axe-core finds no serious or critical violation in the open widget', async () => {
    const page = await openDemo();
    await openWidget(page);
    assert.deepEqual(await axeViolations(page), [], 'greeting');
    await ask(page, KNOWN_QUESTION);
    assert.deepEqual(await axeViolations(page), [], 'answer');
    await ask(page, RISK_PHRASE);
    assert.deepEqual(await axeViolations(page), [], 'urgent guidance');
    await page.locator('.bar .linkish').click();
    await page.locator('.callback button[type="submit"]').click(); // errors shown too
    assert.deepEqual(await axeViolations(page), [], 'callback form with errors');
    await page.screenshot({ path: path.join(outDir, 'widget-desktop-form.png') });
  });

  test('text from the visitor is shown as text, never run as HTML', async () => {
    const page = await openDemo();
    await openWidget(page);
    const evil = '<img src=x onerror="window.__xss=1"><b>vet</b>';
    await page.locator('#al-input').fill(evil);
    await page.locator('#al-input').press('Enter');
    const mine = page.locator('.msg.visitor .text').last();
    assert.equal(await mine.textContent(), evil);
    assert.equal(await page.locator('.msg.visitor img, .msg.visitor b').count(), 0);
    assert.equal(await page.evaluate(() => window.__xss), undefined);
  });

  test('embedded on another allowed origin, the widget talks to the line via CORS', async () => {
    crossOriginHost = createServer((req, res) => {
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.end(
        `<!doctype html><html lang="en"><title>Other site</title><p>Another municipality</p>` +
          `<script src="${gateway.url}/widget.js" data-site-key="demo" data-lang="en" data-position="left"` +
          ` data-primary-color="#ffd400" async></script>`,
      );
    });
    await new Promise((r) => crossOriginHost.listen(crossOriginPort, '127.0.0.1', r));
    // openDemo loads /demo/index.html; this host serves its page at every path.
    const page = await openDemo({ base: `http://127.0.0.1:${crossOriginPort}` });
    const launcher = await page.locator('.launcher').evaluate((el) => {
      const r = el.getBoundingClientRect();
      return { left: r.left, color: getComputedStyle(el).color };
    });
    assert.ok(launcher.left < 100, `data-position="left" puts the launcher on the left (${launcher.left})`);
    assert.equal(launcher.color, 'rgb(20, 20, 20)', 'dark text on a light data-primary-color');
    await openWidget(page);
    assert.match(await page.locator('.launcher, .title').first().textContent(), /Ask a question|Advice line/);
    const reply = await ask(page, 'My baby does not sleep through the night');
    assert.ok((await reply.textContent()).length > 0);
  });
});

// ---------------------------------------------------------------------------------------
// Languages: the labels come from routing/data/texts/<lang>.json through GET /v1/chat/texts.

const TEXTS_DIR = path.join(sourceDir, 'routing/data/texts');
const LANGUAGES = readdirSync(TEXTS_DIR).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();
const textsOf = (lang) => JSON.parse(readFileSync(path.join(TEXTS_DIR, `${lang}.json`), 'utf8'));
const labelsOf = (lang) => textsOf(lang).widget;

// Every Dutch label (long enough not to be a word of another language by chance).
function dutchLabels() {
  const out = [];
  const walk = (o) => Object.entries(o).forEach(([k, v]) => (typeof v === 'object' ? walk(v) : k !== 'locale' && out.push(v)));
  walk(labelsOf('nl'));
  return out.filter((v) => v.length >= 5 && !v.includes('{'));
}

// What the widget shows or says: visible and screen-reader text, aria-labels, placeholders.
function widgetText(page) {
  return page.evaluate(() => {
    const root = document.querySelector('advieslijn-chat').shadowRoot;
    const parts = [...root.querySelectorAll('.launcher, .panel')].map((el) => el.innerText);
    for (const el of root.querySelectorAll('[aria-label], [placeholder]')) {
      if (el.closest('[hidden]')) continue;
      parts.push(el.getAttribute('aria-label') || '', el.getAttribute('placeholder') || '');
    }
    return parts.join('\n');
  });
}

const launcherText = (page) => page.locator('.launcher-text').textContent();

describe('the widget in every language of the line', () => {
  test('right to left: Arabic labels, mirrored layout, numbers left to right, axe finds nothing (screenshots saved)', async () => {
    const ar = labelsOf('ar');
    assert.equal(textsOf('ar').direction, 'rtl');
    const page = await openDemo({ htmlLang: 'ar' });
    assert.equal(await launcherText(page), ar.launcher);
    const launcherBox = await page.locator('.launcher').boundingBox();
    assert.ok(launcherBox.x > 640, `the launcher stays in the data-position corner (right): ${JSON.stringify(launcherBox)}`);
    await openWidget(page);

    const panel = page.locator('.panel');
    assert.equal(await panel.getAttribute('dir'), 'rtl');
    assert.equal(await panel.getAttribute('lang'), 'ar');
    assert.equal(await panel.evaluate((el) => getComputedStyle(el).direction), 'rtl');
    assert.equal(await page.locator('.title').textContent(), ar.title);
    assert.equal(await page.locator('#al-input').getAttribute('aria-label'), ar.inputLabel);
    assert.equal(await page.locator('.exit-button').textContent(), ar.exit);
    // Mirrored: the title on the right of the header, the quick exit on its left; the line's
    // messages start on the right.
    const title = await page.locator('.title').boundingBox();
    const exit = await page.locator('.exit-button').boundingBox();
    assert.ok(exit.x < title.x, `quick exit left of the title in RTL (${exit.x} < ${title.x})`);
    const greeting = await page.locator('.msg.line').first().boundingBox();
    const log = await page.locator('.log').boundingBox();
    assert.ok(greeting.x + greeting.width > log.x + log.width - 40, 'the line speaks from the right');
    // The tenant's number reads left to right inside the Arabic text.
    const tel = page.locator('.bar a[href^="tel:"]');
    assert.equal(await tel.getAttribute('dir'), 'ltr');
    assert.equal(await tel.evaluate((el) => getComputedStyle(el).direction), 'ltr');
    assert.deepEqual(await axeViolations(page, { all: true }), [], 'open panel');
    await page.screenshot({ path: path.join(outDir, 'widget-rtl-ar.png') });

    await page.locator('.bar .linkish').click();
    await page.locator('#al-phone').waitFor();
    assert.equal(await page.locator('.callback h3').textContent(), ar.formTitle);
    assert.equal(await page.locator('label[for="al-name"]').textContent(), ar.name);
    assert.equal(await page.locator('label[for="al-phone"]').textContent(), ar.phone);
    assert.equal(await page.locator('#al-phone-hint').textContent(), ar.phoneHint);
    assert.equal(await page.locator('label[for="al-question"]').textContent(), ar.question);
    assert.equal(await page.locator('.windows legend').textContent(), ar.when);
    assert.deepEqual(await page.locator('.windows .radio').allTextContents(), Object.values(ar.windows).map((w) => ` ${w}`));
    assert.equal(await page.locator('.callback button[type="submit"]').textContent(), ar.submit);
    assert.deepEqual(await axeViolations(page, { all: true }), [], 'callback form');
    await page.locator('.callback button[type="submit"]').click(); // errors shown too
    assert.equal(await page.locator('#al-phone-error').textContent(), ar.phoneError);
    assert.deepEqual(await axeViolations(page, { all: true }), [], 'callback form with errors');
    await page.screenshot({ path: path.join(outDir, 'widget-rtl-ar-form.png') });
    console.log(`screenshots: ${path.join(outDir, 'widget-rtl-ar.png')}, widget-rtl-ar-form.png`);
  });

  test('each language of routing/data/texts shows its own labels and no Dutch one', async () => {
    assert.ok(LANGUAGES.length >= 6, `languages: ${LANGUAGES}`);
    const dutch = dutchLabels();
    for (const lang of LANGUAGES) {
      const w = labelsOf(lang);
      const page = await openDemo({ dataLang: lang });
      assert.equal(await launcherText(page), w.launcher, `${lang}: launcher`);
      await openWidget(page);
      assert.equal(await page.locator('.panel').getAttribute('lang'), lang);
      assert.equal(await page.locator('.panel').getAttribute('dir'), textsOf(lang).direction);
      assert.equal(await page.locator('.title').textContent(), w.title, `${lang}: title`);
      const chat = await widgetText(page);
      await page.locator('.bar .linkish').click();
      await page.locator('#al-phone').waitFor();
      assert.equal(await page.locator('.callback button[type="submit"]').textContent(), w.submit, `${lang}: submit`);
      const form = await widgetText(page);
      if (lang !== 'nl') {
        const found = dutch.filter((d) => chat.includes(d) || form.includes(d));
        assert.deepEqual(found, [], `${lang}: Dutch labels on screen`);
      }
      await page.close();
    }
  });

  test('the language switch changes every label, and the next message is sent in the new language', async () => {
    const [nl, en, ar] = ['nl', 'en', 'ar'].map(labelsOf);
    const page = await openDemo();
    await openWidget(page);
    await ask(page, KNOWN_QUESTION);
    assert.equal(await page.locator('label[for="al-lang"]').textContent(), nl.language);
    // Each option is the language's own name, in the tenant's order.
    const names = await page.locator('#al-lang option').allTextContents();
    assert.deepEqual(names, ['nl', 'en', 'tr', 'pl', 'ar', 'uk'].map((l) => textsOf(l).name));

    await page.locator('#al-lang').selectOption('en');
    await page.locator('.title', { hasText: en.title }).waitFor();
    assert.equal(await launcherText(page), en.launcher);
    assert.equal(await page.locator('#al-input').getAttribute('aria-label'), en.inputLabel);
    assert.equal(await page.locator('.exit-button').getAttribute('aria-label'), en.exitLabel);
    assert.equal(await page.locator('label[for="al-lang"]').textContent(), en.language);
    // Labels already in the conversation follow too.
    assert.deepEqual(await page.locator('.feedback button').allTextContents(), [en.yes, en.no]);
    assert.equal(await page.locator('.panel').getAttribute('lang'), 'en');

    await page.locator('#al-lang').selectOption('ar');
    await page.locator('.title', { hasText: ar.title }).waitFor();
    assert.equal(await page.locator('.panel').getAttribute('dir'), 'rtl');
    assert.deepEqual(await page.locator('.feedback button').allTextContents(), [ar.yes, ar.no]);
    assert.equal(await page.locator('.msg.visitor .sr').first().textContent(), `${ar.you}: `);
    const [request] = await Promise.all([
      page.waitForRequest((r) => r.url().endsWith('/messages') && r.method() === 'POST'),
      ask(page, KNOWN_QUESTION),
    ]);
    assert.equal(JSON.parse(request.postData()).lang, 'ar');
    // The same session goes on; a reload keeps the chosen language.
    await page.reload();
    await page.locator('.msg.line').first().waitFor();
    assert.equal(await page.locator('.title').textContent(), ar.title);
    assert.equal(await page.locator('#al-lang').inputValue(), 'ar');
  });

  test('when the texts cannot be loaded, the offline fallback still gives 112 and the tenant number', async () => {
    const page = await openDemo({ before: (p) => p.route('**/v1/chat/texts**', (route) => route.abort()) });
    assert.equal(await launcherText(page), 'Stel je vraag', 'the built-in Dutch launcher label');
    await page.locator('.launcher').click();
    const offline = page.locator('.offline');
    await offline.waitFor();
    assert.match(await offline.textContent(), /niet.*bereiken/);
    assert.equal(await offline.locator('a[href="tel:112"]').count(), 1, 'the 112 line');
    assert.equal(await offline.locator('a.call').getAttribute('href'), TENANT_TEL, 'the number from data-phone');
    assert.deepEqual(await axeViolations(page), [], 'offline fallback');
    // "Try again" loads the texts, then the conversation starts.
    await page.unroute('**/v1/chat/texts**');
    await offline.locator('button').click();
    await page.locator('.msg.line').first().waitFor();
    assert.equal(await page.locator('.offline').count(), 0);
    assert.equal(await page.locator('.title').textContent(), labelsOf('nl').title);
    assert.ok(await page.locator('#al-input').isVisible());
  });
});
