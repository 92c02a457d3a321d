// Processes for the browser tests: a private redis-server and the real gateway, each on a
// free loopback port, plus the browser. Nothing here uses a fixed port or a service someone
// started by hand.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, existsSync, readFileSync, writeFileSync, createWriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export const tempDir = (prefix) => mkdtempSync(path.join(tmpdir(), prefix));

async function waitFor(check, what, timeoutMs = 30000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      /* not yet */
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

// A child process whose output goes to a file (printed when a test fails) and that is
// killed when the test process exits, whatever the reason.
function startProcess(cmd, args, logFile) {
  const out = createWriteStream(logFile);
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(out);
  child.stderr.pipe(out);
  child.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const kill = () => child.exitCode === null && child.signalCode === null && child.kill('SIGKILL');
  process.once('exit', kill);
  child.logFile = logFile;
  return child;
}

export async function stopProcess(child, signal = 'SIGTERM') {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), 15000);
  await child.exited;
  clearTimeout(timer);
}

export async function startRedis(dir) {
  const port = await freePort();
  const child = startProcess(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    path.join(dir, 'redis.log'),
  );
  await waitFor(() => redisCli(port, 'PING') === 'PONG', 'redis-server');
  return { port, child };
}

// The session hash of a chat id "<tenant>.<token>" (contact/conversation_store.hpp).
export function chatKey(sessionId) {
  const dot = sessionId.indexOf('.');
  return `chat:{${sessionId.slice(0, dot)}}:session:${sessionId.slice(dot + 1)}`;
}

export function redisCli(port, ...args) {
  return execFileSync('redis-cli', ['-p', String(port), '--raw', ...args], { encoding: 'utf8' }).trim();
}

// Each needs routing/data/texts/<lang>.json and routing/data/risk_<lang>.json (the gateway
// refuses to start without them).
export const DEMO_LANGUAGES = ['nl', 'en', 'tr', 'pl', 'ar', 'uk'];

// The demo config with absolute paths and the test pages' origins allowed, so the page the
// browser loads from the gateway (or from a second origin) may call the chat API.
export function writeConfig(sourceDir, dir, origins) {
  const config = JSON.parse(readFileSync(path.join(sourceDir, 'ops/config/default.json'), 'utf8'));
  config.static_dir = path.join(sourceDir, 'web-widget');
  config.knowledge_base = path.join(sourceDir, 'knowledge-base/articles');
  config.risk_signals = path.join(sourceDir, 'routing/data');
  config.texts = path.join(sourceDir, 'routing/data/texts');
  config.log = { ...config.log, access_log: true };
  // Every test sends its callback forms from this one machine; the limit has its own test
  // (tests/gateway/hostile_security_test.cpp).
  config.chat = { ...config.chat, callback_forms_per_hour_per_address: 1000000 };
  for (const t of config.tenants) {
    t.allowed_origins = [...t.allowed_origins, ...origins];
    // The demo tenant offers every language the line has texts for (the widget tests open it
    // in each of them); ops/config/default.json keeps its own list.
    if (t.site_keys?.includes('demo')) t.languages = [...DEMO_LANGUAGES];
    if (t.social_map) t.social_map = path.join(sourceDir, 'ops/config', t.social_map);
  }
  const file = path.join(dir, 'config.json');
  writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

export async function startGateway({ binary, config, port, redisPort, dir, name = 'gateway' }) {
  const child = startProcess(
    binary,
    ['serve', '--config', config, '--listen', `127.0.0.1:${port}`, '--redis', `redis://127.0.0.1:${redisPort}`],
    path.join(dir, `${name}-${port}.log`),
  );
  const url = `http://127.0.0.1:${port}`;
  // A cold start on a busy machine (a fresh root, an ASan build, other builds running) took
  // a minute once: loading the articles and the risk data from a cold disk. 120 s leaves room
  // and still ends well inside ctest's limit.
  await waitFor(async () => {
    if (child.exitCode !== null) throw new Error(`gateway exited: ${readFileSync(child.logFile, 'utf8')}`);
    return (await fetch(url + '/readyz')).ok;
  }, 'gateway /readyz', 120000).catch((e) => {
    // The caller never gets the child to stop, and its open pipes would keep this process
    // (and ctest) waiting until the test's time limit.
    child.kill('SIGKILL');
    throw new Error(`${e.message}\n--- ${child.logFile}\n${readFileSync(child.logFile, 'utf8').slice(-4000)}`);
  });
  return { url, port, child };
}

export async function launchBrowser(dir) {
  // A fresh profile each run; no network features that could call out on their own.
  return chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1280, height: 800 },
  });
}

// A browser without a persistent profile, for tests that need several separate sessions
// (each browser.newContext() has its own cookies).
export async function launchHeadless() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

// A console user, made with the real command line (the password on stdin).
export function addUser(cli, redisPort, { username, role, tenants = ['demo'], name, password }) {
  const args = ['user', 'add', username, '--role', role, '--tenant', tenants.join(','), '--redis', `redis://127.0.0.1:${redisPort}`];
  if (name) args.push('--name', name);
  execFileSync(cli, args, { input: `${password}\n`, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
}

// What a caller leaves through the widget's callback form (POST /v1/callbacks, public).
// Each call is a different caller unless `phone` is given: the same number again would be a
// repeat contact, merged into the open task (200, not 201).
let callers = 0;
// `terms`: the family's terms for the call (docs/callbacks.md, "Safe callbacks").
export async function createCallback(baseUrl, { question, name, phone, lang = 'nl', siteKey = 'demo', terms }) {
  phone ??= `+316${String(12340000 + ++callers).padStart(8, '0')}`;
  const res = await fetch(baseUrl + '/v1/callbacks', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': `test-${Date.now()}-${Math.random()}` },
    body: JSON.stringify({ site_key: siteKey, phone, name, lang, question, consent: true, window: 'any', terms }),
  });
  const body = await res.json();
  if (res.status !== 201) throw new Error(`POST /v1/callbacks: ${res.status} ${JSON.stringify(body)}`);
  return body;
}

// The test server's fake clock: POST /test/clock {"advance_ms"} answers {"now"}.
export async function advanceClock(baseUrl, ms) {
  const res = await fetch(baseUrl + '/test/clock', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ advance_ms: ms }),
  });
  if (!res.ok) throw new Error(`POST /test/clock: ${res.status} ${await res.text()}`);
  return (await res.json()).now;
}

// The command line of a browser test: its named arguments, then an optional output folder
// (screenshots). Exits 2 on a short command line and 77 (ctest: skipped) without Chromium.
export function testArguments(script, names) {
  const values = process.argv.slice(2);
  if (values.length < names.length) {
    console.error(`usage: node ${script} ${names.join(' ')} [OUTPUT_DIR]`);
    process.exit(2);
  }
  const args = Object.fromEntries(names.map((n, i) => [n, values[i]]));
  args.OUTPUT_DIR = values[names.length] || path.join(args.SOURCE_DIR, 'build', 'browser-test');
  mkdirSync(args.OUTPUT_DIR, { recursive: true });
  if (!existsSync(CHROMIUM)) {
    console.log(`SKIP: ${CHROMIUM} is not installed`);
    process.exit(77);
  }
  return args;
}
