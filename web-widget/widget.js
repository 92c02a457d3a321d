/*
 * Advieslijn chat widget — embed with one tag:
 *   <script src="https://LINE/widget.js" data-site-key="KEY" async></script>
 * Optional: data-lang="nl|en|tr|pl|ar|uk|…" (any language the tenant offers), data-position="right|left", data-primary-color="#rrggbb",
 * data-phone="+31…" (shown when the line cannot be reached before it told us its number),
 * data-exit-url="https://…" (where the quick-exit button goes; default a search engine).
 *
 * Plain JavaScript served as is: no build step, no dependencies, no third-party requests,
 * no cookies. Everything lives in a shadow root so the host page's CSS cannot reach it.
 * All text from the server or the visitor is inserted with text nodes, never as HTML.
 * See docs/widget.md.
 */
(() => {
  'use strict';

  const script =
    document.currentScript || document.querySelector('script[data-site-key][src*="widget.js"]');
  // A page that includes the tag twice still gets one widget.
  if (!script || window.__advieslijnWidget) return;
  // Truthy, so a second copy stays idle; parsePhone for the browser test's shared cases.
  window.__advieslijnWidget = { parsePhone: (input) => parsePhone(input) };

  // Keep our own references: a host page may wrap or replace these globals later.
  const fetchFn = window.fetch.bind(window);
  const storage = safeStorage();

  const API = new URL(script.src, location.href).origin;
  const SITE_KEY = script.dataset.siteKey || '';
  const STORE_KEY = 'advieslijn.' + SITE_KEY;
  const EXIT_URL = /^https?:|^\//.test(script.dataset.exitUrl || '') ? script.dataset.exitUrl : 'https://www.google.com/';
  const REQUEST_TIMEOUT_MS = 20000;
  // Waits before the second and third try of a callback request that met an outage.
  const CALLBACK_RETRY_DELAYS_MS = [1000, 3000];
  const MAX_TEXT = 1000;

  // ---------------------------------------------------------------------------------------
  // Texts. Every label comes from the line (GET /v1/chat/texts, routing/data/texts/<lang>.json)
  // before the widget is shown. These few are the unreachable-line fallback only: when that
  // request fails the visitor still gets the launcher, quick exit, the number to call, 112 and
  // "try again" (which loads the texts again). Dutch, and English for every other language.
  const OFFLINE_TEXTS = {
    nl: {
      launcher: 'Stel je vraag',
      title: 'Advieslijn',
      close: 'Chat sluiten',
      exit: 'Snel weg',
      exitLabel: 'Snel weg: chat wissen en naar een andere website',
      offline: 'Het lukt nu niet om de Advieslijn te bereiken.',
      offlineCall: 'Bel ons op {phone}',
      offlineNoPhone: 'Bel het CJG in je gemeente.',
      danger: 'Bij direct gevaar: bel 112.',
      retry: 'Probeer opnieuw',
    },
    en: {
      launcher: 'Ask a question',
      title: 'Advice line',
      close: 'Close chat',
      exit: 'Quick exit',
      exitLabel: 'Quick exit: erase the chat and go to another website',
      offline: 'We cannot reach the advice line right now.',
      offlineCall: 'Call us on {phone}',
      offlineNoPhone: 'Please call the CJG in your municipality.',
      danger: 'In immediate danger: call 112.',
      retry: 'Try again',
    },
  };

  // Shown when the line says "urgent" but sends no numbers of its own: a parent must never
  // see an urgent notice without a number to call.
  const FALLBACK_GUIDANCE = [
    { label: { nl: 'Direct gevaar', en: 'Immediate danger' }, number: '112', tel: '112' },
    { label: { nl: 'Veilig Thuis', en: 'Veilig Thuis (abuse)' }, number: '0800 2000', tel: '08002000' },
    { label: { nl: '113 Zelfmoordpreventie', en: '113 Suicide prevention' }, number: '0800 0113', tel: '08000113' },
    { label: { nl: 'De Kindertelefoon', en: 'Kindertelefoon (children)' }, number: '0800 0432', tel: '08000432' },
  ];

  // ---------------------------------------------------------------------------------------
  // Small pure helpers.


  // Phone numbers, by the rules of the server's parser (common/phone.cpp): phone_test checks
  // that NL_RANGES is its table row for row, and tests/data/phone_cases.json runs through
  // both. A row: prefix after +31, fewest and most digits after 31, kind; longest prefix wins.
  const NL_RANGES = [
    ["1", 9, 9, "geographic"], ["2", 9, 9, "geographic"], ["3", 9, 9, "geographic"],
    ["4", 9, 9, "geographic"], ["5", 9, 9, "geographic"], ["7", 9, 9, "geographic"],
    ["6", 9, 9, "mobile"],
    ["84", 9, 9, "service"], ["85", 9, 9, "service"], ["87", 9, 9, "service"],
    ["88", 9, 9, "service"], ["91", 9, 9, "service"],
    ["800", 7, 10, "freephone"],
    ["900", 7, 10, "premium"], ["906", 7, 10, "premium"], ["909", 7, 10, "premium"]
  ];

  // To {e164} or {error: reason code as the server names it}. `dialed`: a line's own number,
  // which may be premium-rate; a callback number may not.
  function parsePhone(input, dialed) {
    const s = String(input ?? '').replace(/^(whatsapp|sms|tel):/, '');
    const plus = s.indexOf('+');
    if (/[^\d+ \t\-./()]/.test(s) || (plus >= 0 && (s.includes('+', plus + 1) || /\d/.test(s.slice(0, plus)))))
      return { error: 'invalid_characters' };
    let d = s.replace(/\D/g, '');
    if (!d) return { error: 'empty' };
    if (d.length > 20) return { error: 'too_long' };
    if (plus < 0) {
      if (d[0] !== '0') return { error: 'missing_prefix' };
      d = d.slice(1);
      if (d[0] !== '0') return dutchPhone(d, dialed);
      d = d.slice(1);
    }
    if (!d) return { error: 'too_short' };
    if (d[0] === '0') return { error: 'invalid_country_code' };
    if (d.startsWith('31')) return dutchPhone(d.slice(2).replace(/^0/, ''), dialed);
    if (d.length < 8) return { error: 'too_short' };
    return d.length > 15 ? { error: 'too_long' } : { e164: '+' + d };
  }

  function dutchPhone(n, dialed) {
    if (!n) return { error: 'too_short' };
    let r = null;
    for (const row of NL_RANGES) if (n.startsWith(row[0]) && (!r || row[0].length > r[0].length)) r = row;
    if (!r || r[3] === 'not_callable') return { error: 'not_callable' };
    if (r[3] === 'premium' && !dialed) return { error: 'premium_rate' };
    if (n.length < r[1]) return { error: 'too_short' };
    return n.length > r[2] ? { error: 'too_long' } : { e164: '+31' + n };
  }

  // "+31880030060" → "088 003 0060", "+31612345678" → "06 1234 5678"; others stay E.164.
  function displayPhone(e164) {
    const m = /^\+31(\d{9})$/.exec(e164 || '');
    if (!m) return e164 || '';
    const d = '0' + m[1];
    return d.startsWith('06') ? `06 ${d.slice(2, 6)} ${d.slice(6)}` : `${d.slice(0, 3)} ${d.slice(3, 6)} ${d.slice(6)}`;
  }

  // Only digits and a leading plus go into a tel: link.
  function telHref(number) {
    const s = String(number || '').replace(/[\s\-()]/g, '');
    return /^\+?\d{2,15}$/.test(s) ? 'tel:' + s : null;
  }

  // Links from articles open only when they are plain web links (no javascript: or data:).
  function safeUrl(url) {
    try {
      const u = new URL(url);
      return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
    } catch {
      return null;
    }
  }

  // Text colour for buttons in the tenant's colour: whichever of white or near-black has the
  // better contrast, so any data-primary-color stays readable.
  function textOn(hex) {
    const rgb = hexToRgb(hex);
    if (!rgb) return '#fff';
    const lin = rgb.map((c) => {
      c /= 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    const lum = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2];
    return (1.05 / (lum + 0.05)) >= ((lum + 0.05) / 0.0611) ? '#fff' : '#141414';
  }

  function hexToRgb(hex) {
    let m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(hex || '');
    if (!m) return null;
    let h = m[1];
    if (h.length === 3) h = h.replace(/./g, '$&$&');
    return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16));
  }

  function randomKey() {
    if (crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  }

  // sessionStorage can throw (blocked storage, sandboxed frames); the widget then simply
  // forgets the conversation on reload.
  function safeStorage() {
    try {
      const s = window.sessionStorage;
      s.setItem('advieslijn.probe', '1');
      s.removeItem('advieslijn.probe');
      return s;
    } catch {
      return null;
    }
  }

  function loadState() {
    try {
      return JSON.parse(storage?.getItem(STORE_KEY) || 'null');
    } catch {
      return null;
    }
  }

  function saveState(state) {
    try {
      if (state) storage?.setItem(STORE_KEY, JSON.stringify(state));
      else storage?.removeItem(STORE_KEY);
    } catch {
      /* storage full or blocked: the conversation just won't survive a reload */
    }
  }

  // ---------------------------------------------------------------------------------------
  // DOM: h('p', {class: 'x'}, 'text', child) — strings become text nodes, so no caller or
  // server text is ever parsed as HTML.
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v == null || v === false) continue;
      if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children.flat()) {
      if (c == null || c === false) continue;
      el.append(typeof c === 'string' ? document.createTextNode(c) : c);
    }
    return el;
  }

  function svgIcon(d) {
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    const path = document.createElementNS(ns, 'path');
    path.setAttribute('d', d);
    svg.append(path);
    return svg;
  }
  const ICON_CHAT = 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z';
  const ICON_CLOSE = 'M6.4 5 12 10.6 17.6 5 19 6.4 13.4 12 19 17.6 17.6 19 12 13.4 6.4 19 5 17.6 10.6 12 5 6.4z';
  const ICON_SEND = 'M3 20.5 21 12 3 3.5v6.6l12 1.9-12 1.9z';

  // ---------------------------------------------------------------------------------------
  // HTTP. Every failure becomes an ApiError with a kind the views know how to explain.
  class ApiError extends Error {
    constructor(kind, status, body, retryAfter) {
      super(body?.error?.message || kind);
      this.kind = kind; // 'offline' | 'rate' | 'notfound' | 'invalid' | 'error'
      this.status = status;
      this.code = body?.error?.code || '';
      this.retryAfter = retryAfter;
      // An outage answer may still carry the emergency guidance for what was typed, or the
      // knowledge base's answer or choices (they need no session).
      this.urgent = body?.urgent?.type === 'urgent' ? body.urgent : null;
      this.reply = ['answer', 'choices'].includes(body?.reply?.type) ? body.reply : null;
    }
  }

  // `cache`: only the texts may come from the browser's HTTP cache (the line allows 5 minutes).
  async function api(method, path, body, headers, cache = 'no-store') {
    const ctl = new AbortController();
    const timer = setTimeout(() => ctl.abort(), REQUEST_TIMEOUT_MS);
    let res;
    try {
      res = await fetchFn(API + path, {
        method,
        mode: 'cors',
        credentials: 'omit',
        cache,
        headers: Object.assign(body ? { 'Content-Type': 'application/json' } : {}, headers),
        body: body ? JSON.stringify(body) : undefined,
        signal: ctl.signal,
      });
    } catch {
      throw new ApiError('offline', 0);
    } finally {
      clearTimeout(timer);
    }
    let data = null;
    if (res.status !== 204) {
      try {
        data = await res.json();
      } catch {
        data = null;
      }
    }
    if (res.ok) return data;
    if (res.status === 429) {
      const wait = parseInt(res.headers.get('Retry-After'), 10);
      throw new ApiError('rate', 429, data, Number.isFinite(wait) ? wait : 5);
    }
    if (res.status === 404) throw new ApiError('notfound', 404, data);
    if (res.status === 400 || res.status === 413 || res.status === 422) throw new ApiError('invalid', res.status, data);
    // 5xx (Redis down, gateway restarting) and anything unexpected: the line is unreachable.
    throw new ApiError(res.status >= 500 ? 'offline' : 'error', res.status, data);
  }

  // ---------------------------------------------------------------------------------------
  // Options from the script tag.
  const color = hexToRgb(script.dataset.primaryColor) ? script.dataset.primaryColor : '#5b2a86';
  const position = script.dataset.position === 'left' ? 'left' : 'right';
  const fallbackPhone = parsePhone(script.dataset.phone, true).e164 || '';

  // The language to ask the line for; the line answers with one the tenant offers.
  function pickLang(stored) {
    const wanted = [stored, script.dataset.lang, document.documentElement.lang, navigator.language];
    for (const l of wanted) {
      const two = String(l || '').slice(0, 2).toLowerCase();
      if (/^[a-z]{2}$/.test(two)) return two;
    }
    return 'nl';
  }

  // ---------------------------------------------------------------------------------------
  // The widget.
  const state = {
    session: null, // {session_id, lang, greeting, tenant, quick_replies, privacy}
    open: false,
    started: false, // the conversation (new or resumed) is on screen
    busy: false,
    // The visitor's messages since the line last answered one (at most three): the callback
    // form starts with them, so "mijn dochter slaapt slecht" then "ze is 6" both reach the
    // specialist, not only the last line (a tester's finding).
    openQuestion: [],
    questionAnswered: false,
    childAge: null, // the age the last question named (reply.age), for the local services
    retry: null, // what "Try again" repeats after a failure
    formDraft: null, // the open callback form: {key, values} as typed (buildForm)
  };
  const saved = loadState();
  if (saved?.session?.session_id) state.session = saved.session;
  // A form belongs to its conversation: without one there is nothing to bring it back into.
  if (state.session && saved?.form?.values) state.formDraft = saved.form;
  let lang = pickLang(saved?.lang || state.session?.lang);
  // The line's answer from /v1/chat/texts ({lang, direction, texts, languages}); null while
  // only the unreachable-line fallback is there.
  let loaded = null;
  let t = OFFLINE_TEXTS[lang] || OFFLINE_TEXTS.en;

  // Labels. An element made with lh() remembers its key (and values), so relabel() can show
  // it in another language after a switch. {phone} and {ref} become left-to-right islands
  // (a number reads the same in Arabic), {due} a date in the language's locale.
  const tt = (key) => key.split('.').reduce((o, k) => o?.[k], t) ?? '';
  function label(key, vals) {
    return String(tt(key))
      .split(/\{(\w+)\}/)
      .map((part, i) => (i % 2 === 0 ? part : vals && part in vals ? value(part, vals[part]) : `{${part}}`));
  }
  function value(name, v) {
    if (name === 'phone') return h('bdi', { dir: 'ltr' }, displayPhone(v));
    if (name === 'ref') return h('bdi', { dir: 'ltr' }, String(v));
    if (name === 'due') return formatDue(v);
    return String(v);
  }
  const text = (key, vals) => label(key, vals).map((n) => (typeof n === 'string' ? n : n.textContent)).join('');
  function setLabel(el, key, vals) {
    if (!key) {
      delete el.dataset.t;
      el.replaceChildren();
      return el;
    }
    el.dataset.t = key;
    if (vals) el.dataset.v = JSON.stringify(vals);
    else delete el.dataset.v;
    el.replaceChildren(...label(key, vals));
    return el;
  }
  const lh = (tag, attrs, key, vals) => setLabel(h(tag, attrs), key, vals);

  function formatDue(iso) {
    const due = new Date(iso);
    if (isNaN(due)) return '';
    const opts = { weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' };
    try {
      return new Intl.DateTimeFormat(tt('locale') || undefined, opts).format(due);
    } catch {
      return new Intl.DateTimeFormat(undefined, opts).format(due);
    }
  }

  const host = document.createElement('advieslijn-chat');
  // Inline !important beats any stylesheet rule of the host page, including `* {…!important}`.
  host.style.cssText = [
    'all:initial',
    'display:block',
    'position:fixed',
    'z-index:2147483647',
    'width:0',
    'height:0',
    'bottom:0',
    position + ':0',
    'visibility:visible',
    'opacity:1',
    'transform:none',
    'filter:none',
    'contain:none',
  ]
    .map((d) => d + ' !important')
    .join(';');
  const root = host.attachShadow({ mode: 'open' });
  applyStyles(root);

  const politeRegion = h('div', { class: 'sr', 'aria-live': 'polite', 'aria-atomic': 'true' });
  const alertRegion = h('div', { class: 'sr', role: 'alert', 'aria-atomic': 'true' });

  const launcher = h(
    'button',
    {
      type: 'button',
      class: 'launcher',
      'aria-expanded': 'false',
      'aria-controls': 'al-panel',
      onclick: () => (state.open ? close() : open()),
    },
    svgIcon(ICON_CHAT),
    lh('span', { class: 'launcher-text' }, 'launcher'),
  );

  const log = h('div', { class: 'log' });
  const typing = h('div', { class: 'typing', hidden: true, 'aria-hidden': 'true' }, h('span'), h('span'), h('span'));
  const input = h('input', {
    type: 'text',
    id: 'al-input',
    class: 'input',
    autocomplete: 'off',
    maxlength: String(MAX_TEXT),
    'data-aria': 'inputLabel',
  });
  const composer = h(
    'form',
    { class: 'composer', onsubmit: onComposerSubmit },
    input,
    h('button', { type: 'submit', class: 'send', 'data-aria': 'send' }, svgIcon(ICON_SEND)),
  );
  const specialistBar = h('div', { class: 'bar' });
  const chatView = h('div', { class: 'view chat' }, log, typing, composer, specialistBar);
  const formView = h('div', { class: 'view form-view', hidden: true });

  const subtitle = h('p', { class: 'subtitle' });
  // Quick exit: a child in an unsafe home must be able to hide the chat in one tap.
  const exitButton = lh('button', { type: 'button', class: 'exit-button', 'data-aria': 'exitLabel', onclick: () => quickExit() }, 'exit');
  const closeButton = h(
    'button',
    { type: 'button', class: 'icon-button', 'data-aria': 'close', onclick: () => close() },
    svgIcon(ICON_CLOSE),
  );
  // The language switch: only when the tenant offers more than one language.
  const langSelect = h('select', { id: 'al-lang', class: 'lang', onchange: () => switchLang(langSelect.value) });
  const langBox = h('div', { class: 'lang-box', hidden: true }, lh('label', { for: 'al-lang', class: 'sr' }, 'language'), langSelect);
  const panel = h(
    'div',
    { class: 'panel no-texts', id: 'al-panel', role: 'dialog', 'aria-modal': 'false', 'aria-labelledby': 'al-title', hidden: true },
    h(
      'div',
      { class: 'header' },
      h('div', { class: 'head-row' }, lh('h2', { id: 'al-title', class: 'title' }, 'title'), exitButton, closeButton),
      h('div', { class: 'head-row sub' }, subtitle, langBox),
    ),
    chatView,
    formView,
  );
  panel.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      close();
    }
  });

  const rootEl = h('div', { class: 'root ' + position }, launcher, panel, politeRegion, alertRegion);
  root.append(rootEl);
  applyTexts(null);

  // The labels first (from the browser's cache when it has them), then the widget appears;
  // if the line cannot be reached, with the fallback labels. Mount as late as possible: the
  // tag is async, so the body may or may not exist yet.
  loadTexts(lang)
    .catch(() => {})
    .finally(() => {
      const mount = () => {
        document.body.append(host);
        // A reload keeps the panel as the visitor left it.
        if (saved?.open) open({ focus: false });
      };
      if (document.body) mount();
      else document.addEventListener('DOMContentLoaded', mount);
    });

  // A connection that comes back retries what failed, so the visitor need not notice.
  window.addEventListener('online', () => state.retry && state.retry());

  // ---------------------------------------------------------------------------------------
  // Opening, closing, starting.

  function open({ focus = true } = {}) {
    state.open = true;
    panel.hidden = false;
    launcher.setAttribute('aria-expanded', 'true');
    launcher.classList.add('is-open');
    persist();
    if (focus) focusFirst();
    if (!state.started) start();
  }

  function close() {
    state.open = false;
    panel.hidden = true;
    launcher.setAttribute('aria-expanded', 'false');
    launcher.classList.remove('is-open');
    persist();
    launcher.focus();
  }

  // Erases every trace the widget keeps in this browser, asks the line to forget the session
  // (keepalive: the request outlives the page), and replaces the page, so Back does not return.
  function quickExit() {
    const id = state.session?.session_id;
    state.exited = true;
    for (const store of [storage, safeLocalStorage()])
      for (const key of Object.keys(store || {}))
        if (key.startsWith('advieslijn')) store.removeItem(key);
    state.session = null;
    if (id)
      fetchFn(API + '/v1/chat/sessions/' + encodeURIComponent(id), { method: 'DELETE', keepalive: true, mode: 'cors' }).catch(() => {});
    root.replaceChildren();
    location.replace(EXIT_URL);
  }

  function safeLocalStorage() {
    try {
      return window.localStorage;
    } catch {
      return null;
    }
  }

  function focusFirst() {
    if (!formView.hidden) formView.querySelector('input, button, [tabindex="-1"]')?.focus();
    else input.focus();
  }

  function persist() {
    // After quick exit nothing may be written again, whatever event comes late.
    if (state.exited) return;
    // `lang`: the language the visitor chose or the line gave, so a reload keeps it.
    // `form`: the open callback form as typed, so a reload does not lose it (buildForm).
    saveState(Object.assign(state.session ? { session: state.session } : {}, { open: state.open, lang },
      state.formDraft ? { form: state.formDraft } : {}));
  }

  async function start() {
    state.started = true;
    if (!loaded) {
      // The texts could not be loaded before: without them only the offline notice can be
      // shown, so "try again" (and opening) asks for them first.
      setBusy(true);
      try {
        await loadTexts(lang);
      } catch {
        state.started = false;
        showFailure(new ApiError('offline', 0), () => {
          clearFailure();
          start();
        });
        return;
      } finally {
        setBusy(false);
      }
    }
    if (state.session) await resume();
    else await createSession();
  }

  async function createSession(notice) {
    setBusy(true);
    try {
      const s = await api('POST', '/v1/chat/sessions', { site_key: SITE_KEY, lang });
      setSession(s);
      // The line may answer in another language than asked (the tenant decides).
      if (s.lang && s.lang !== lang) switchLang(s.lang);
      clearFailure();
      if (notice) addNotice([[notice]]);
      renderGreeting(true);
    } catch (e) {
      state.started = false;
      showFailure(e, () => {
        clearFailure();
        start();
      });
    } finally {
      setBusy(false);
    }
  }

  async function resume() {
    setBusy(true);
    try {
      const s = await api('GET', '/v1/chat/sessions/' + encodeURIComponent(state.session.session_id));
      clearFailure();
      // The line may send fresher tenant details than the ones stored at the start.
      setSession({ ...state.session, ...s, greeting: state.session.greeting || firstLineText(s.messages) });
      renderGreeting(false);
      for (const m of s.messages || []) renderStored(m);
      if (state.formDraft) openForm(state.formDraft, false);
    } catch (e) {
      if (e.kind === 'notfound') {
        // Expired on the server: start over, and say so. The form went with the conversation.
        state.session = null;
        state.formDraft = null;
        persist();
        setBusy(false);
        await createSession('expired');
        return;
      }
      state.started = false;
      showFailure(e, () => {
        clearFailure();
        start();
      });
    } finally {
      setBusy(false);
    }
  }

  function firstLineText(messages) {
    return (messages || []).find((m) => m.from === 'line' && m.text)?.text || '';
  }

  // One message of a resumed conversation. The greeting is already on screen; a visitor's
  // pick of an offered article has no text of its own and is not repeated.
  function renderStored(m) {
    if (m.from === 'visitor' && m.text) {
      addVisitor(m.text);
      noteQuestion(m.text);
    } else if (m.from === 'line' && m.reply) {
      renderReply(m.reply, { resumed: true });
    } else if (m.from === 'line' && m.text && m.text !== state.session.greeting) {
      addLine(m.text, false);
    }
  }

  function setSession(s) {
    state.session = {
      session_id: s.session_id,
      lang: s.lang,
      greeting: s.greeting,
      tenant: s.tenant,
      quick_replies: s.quick_replies,
      privacy: s.privacy,
    };
    persist();
    renderSpecialistBar();
  }

  async function loadTexts(l) {
    const r = await api('GET', `/v1/chat/texts?site_key=${encodeURIComponent(SITE_KEY)}&lang=${encodeURIComponent(l)}`, null, null, 'default');
    if (!r?.texts || !r.lang) throw new ApiError('offline', 0);
    applyTexts(r);
  }

  // `r` null: the unreachable-line fallback, in which only the offline notice can be shown.
  function applyTexts(r) {
    loaded = r;
    if (r) {
      lang = r.lang;
      t = r.texts;
    }
    const dir = r?.direction === 'rtl' ? 'rtl' : 'ltr';
    for (const el of [rootEl, panel]) {
      el.setAttribute('lang', r ? lang : t === OFFLINE_TEXTS.nl ? 'nl' : 'en');
      el.setAttribute('dir', dir);
    }
    panel.classList.toggle('no-texts', !r);
    const languages = r?.languages || [];
    langSelect.replaceChildren(
      ...languages.map((l) => h('option', { value: l.lang, lang: l.lang, dir: l.direction === 'rtl' ? 'rtl' : 'ltr', selected: l.lang === lang }, l.name || l.lang)),
    );
    langSelect.value = lang;
    langBox.hidden = languages.length < 2;
    relabel();
  }

  // Every label on screen follows the current texts; what the line wrote stays as it was.
  function relabel() {
    for (const el of root.querySelectorAll('[data-t]')) setLabel(el, el.dataset.t, el.dataset.v && JSON.parse(el.dataset.v));
    for (const el of root.querySelectorAll('[data-aria]')) el.setAttribute('aria-label', tt(el.dataset.aria));
    input.placeholder = tt('inputLabel');
    renderSubtitle();
    renderSpecialistBar();
  }

  // The visitor picks another language (or the line started the session in another one): the
  // widget's labels change at once; the conversation so far stays, and later requests carry
  // the new language (a new session, and a callback request, are in it).
  async function switchLang(l) {
    try {
      await loadTexts(l);
    } catch {
      langSelect.value = lang;
      if (loaded) addNotice([['error']], true);
      return;
    }
    persist();
  }

  function tenantPhone() {
    return state.session?.tenant?.phone || fallbackPhone;
  }

  // ---------------------------------------------------------------------------------------
  // Sending.

  function onComposerSubmit(e) {
    e.preventDefault();
    const text = input.value.trim();
    if (!text || state.busy) return;
    input.value = '';
    addVisitor(text);
    noteQuestion(text);
    state.childAge = null;
    send({ text }, text);
  }

  async function send(body, restoreText) {
    if (!state.session) {
      // The session could not be created earlier; try once more before giving up.
      await createSession();
      if (!state.session) {
        if (restoreText) input.value = restoreText;
        return;
      }
    }
    setBusy(true);
    try {
      // The site key and language let the line answer from its articles even when it cannot
      // read the session (its store is down).
      const reply = await api(
        'POST',
        '/v1/chat/sessions/' + encodeURIComponent(state.session.session_id) + '/messages',
        Object.assign({ site_key: SITE_KEY, lang }, body),
      );
      clearFailure();
      renderReply(reply, { resumed: false });
    } catch (e) {
      if (e.kind === 'notfound') {
        // The session expired while the page was open: a new one, then ask again.
        state.session = null;
        persist();
        setBusy(false);
        await createSession('expired');
        if (state.session) await send(body, restoreText);
        return;
      }
      if (e.kind === 'rate' || e.kind === 'invalid') {
        if (restoreText) input.value = restoreText;
        // The line's own messages are for developers (and English); the visitor gets ours.
        addNotice(e.kind === 'rate' ? [['slowDown', { n: e.retryAfter }]] : [['refused']], true);
        return;
      }
      showFailure(e, () => {
        clearFailure();
        send(body, restoreText);
      });
      // After the outage notice, so that it is what is seen and read out last.
      if (e.urgent) renderUrgent(e.urgent, false);
      else if (e.reply) renderReply(e.reply, { resumed: false, offline: true });
    } finally {
      setBusy(false);
    }
  }

  function setBusy(busy) {
    state.busy = busy;
    typing.hidden = !busy;
    if (busy) scrollDown();
  }

  // ---------------------------------------------------------------------------------------
  // Rendering the conversation.

  function scrollDown() {
    log.scrollTop = log.scrollHeight;
  }

  function add(el) {
    log.append(el);
    scrollDown();
    return el;
  }

  // A reply is scrolled to its start, not its end: a long answer must be read from the
  // title down, on a small phone too. (The browser clamps this for short replies.)
  function addReply(el) {
    log.append(el);
    log.scrollTop = el.offsetTop - 12;
    return el;
  }

  function announce(text, urgent) {
    const region = urgent ? alertRegion : politeRegion;
    // Clearing first makes screen readers repeat an identical message.
    region.textContent = '';
    setTimeout(() => (region.textContent = text), 50);
  }

  function bubble(who, ...content) {
    return h(
      'div',
      { class: 'msg ' + who },
      h('span', { class: 'sr' }, lh('span', {}, who === 'visitor' ? 'you' : 'line'), ': '),
      ...content,
    );
  }

  function addVisitor(text) {
    add(bubble('visitor', h('p', { class: 'text' }, text)));
  }

  function addLine(text, announceIt) {
    add(bubble('line', h('p', { class: 'text' }, text)));
    if (announceIt) announce(text);
  }

  // `parts`: [[key, values], …], the widget's own labels.
  function addNotice(parts, announceIt) {
    add(h('p', { class: 'notice' }, parts.flatMap(([k, v], i) => [i ? ' ' : null, lh('span', {}, k, v)])));
    if (announceIt) announce(parts.map(([k, v]) => text(k, v)).join(' '));
  }

  function renderGreeting(announceIt) {
    const s = state.session;
    if (!s) return;
    renderSubtitle();
    if (s.greeting) addLine(s.greeting, announceIt);
    if (s.privacy) add(h('p', { class: 'privacy' }, s.privacy));
    const chips = (s.quick_replies || []).filter((q) => typeof q === 'string' && q);
    if (chips.length) {
      add(
        h(
          'div',
          { class: 'chips' },
          chips.map((q) =>
            h('button', { type: 'button', class: 'chip', onclick: () => ask(q) }, q),
          ),
        ),
      );
    }
  }

  function renderSubtitle() {
    const name = state.session?.tenant?.name;
    subtitle.textContent = name && loaded ? `${name} · ${tt('subtitle')}` : tt('subtitle');
  }

  function ask(q) {
    if (state.busy) return;
    addVisitor(q);
    noteQuestion(q);
    state.childAge = null;
    send({ text: q }, null);
  }

  // After an answer the next message starts a new question; the answered one stays for a
  // form opened from "did this help? no".
  function noteQuestion(text) {
    state.openQuestion = state.questionAnswered ? [text] : state.openQuestion.concat(text).slice(-3);
    state.questionAnswered = false;
  }

  // `offline`: answered while the line cannot keep anything, so no "did this help?".
  function renderReply(reply, { resumed, offline = false }) {
    const kind = reply?.type;
    // An answered question is done: the form starts from what came after it.
    if (kind === 'answer') state.questionAnswered = true;
    // The child's age the question named (-1: pregnancy): the local services are those for
    // that age, for its answer and for an answer picked from its choices (ask() forgets it).
    if (Number.isInteger(reply?.age)) state.childAge = reply.age;
    if (kind === 'answer') renderAnswer(reply, resumed, offline);
    else if (kind === 'choices') renderChoices(reply, resumed);
    else if (kind === 'urgent') renderUrgent(reply, resumed);
    else if (kind === 'handoff') renderHandoff(reply, resumed);
    else if (reply?.text) addLine(reply.text, !resumed);
  }

  function renderAnswer(reply, resumed, offline = false) {
    const a = reply.article || {};
    const links = (a.links || [])
      .map((l) => ({ title: l.title || l.url, url: safeUrl(l.url) }))
      .filter((l) => l.url);
    const card = bubble(
      'line',
      h('h3', { class: 'answer-title' }, a.title || ''),
      h('p', { class: 'text' }, a.text || ''),
      links.length
        ? h(
            'ul',
            { class: 'links' },
            links.map((l) => h('li', {}, h('a', { href: l.url, target: '_blank', rel: 'noopener noreferrer' }, l.title))),
          )
        : null,
    );
    addReply(card);
    if (!resumed) {
      announce(`${a.title || ''}. ${a.text || ''}`);
      if (a.topic && !offline) localServices(log.appendChild(h('section', { class: 'services', hidden: true })), a.topic, undefined, state.childAge);
      if (a.id && !offline) log.append(feedback(a.id, reply.prompt));
    }
  }

  // The digital social map (docs/social-map.md): local services for the answered article's
  // topic, at most three: those of the CJG's own area, or, once the family gives a postcode
  // (asked here, kept nowhere), those that work there. Best effort: when the map has nothing
  // for the topic in the CJG's area, nothing is shown.
  let servicesShown = 0; // each box's postcode field gets its own id
  async function localServices(box, topic, postcode, age) {
    const q = new URLSearchParams({ site_key: SITE_KEY, topic, limit: '3' });
    if (postcode) q.set('postcode', postcode);
    if (Number.isInteger(age)) q.set('age', String(age));
    let r;
    try {
      r = await api('GET', `/v1/map/search?${q}`);
    } catch {
      return;
    }
    // With a postcode only what works there (a service of the CJG's own municipality does not
    // serve a family in the next one); without, only the CJG's own area.
    const near = (r?.results || []).filter((s) => (postcode ? ['postcode', 'municipality'].includes(s.match) : s.match === 'default_area'));
    if (!near.length && !postcode) return;
    const list = near.map((s) => {
      const c = s.contact || {};
      const site = safeUrl(c.website);
      return h(
        'li',
        {},
        h('strong', {}, s.name || ''),
        s.description ? h('p', { class: 'hint' }, s.description) : null,
        c.phone ? h('a', { href: telHref(c.phone) }, h('bdi', { dir: 'ltr' }, displayPhone(c.phone))) : null,
        site ? h('a', { href: site, target: '_blank', rel: 'noopener noreferrer' }, new URL(site).host) : null,
        s.referral ? lh('p', { class: 'hint' }, 'referralNeeded') : null,
      );
    });
    const id = `al-postcode-${++servicesShown}`;
    const input = h('input', { class: 'input', id, inputmode: 'numeric', autocomplete: 'postal-code', maxlength: '7', value: postcode || '' });
    const error = h('p', { class: 'field-error', id: `${id}-error` });
    const search = (e) => {
      e.preventDefault();
      const pc = input.value.trim().toUpperCase().replace(/\s+/g, ' ');
      if (!/^[1-9][0-9]{3}( ?[A-Z]{2})?$/.test(pc)) {
        setLabel(error, 'postcodeError');
        announce(text('postcodeError'));
        input.setAttribute('aria-invalid', 'true');
        input.setAttribute('aria-describedby', `${id}-error`);
        input.focus();
        return;
      }
      localServices(box, topic, pc.slice(0, 4), age);
    };
    box.replaceChildren(
      lh('h3', { class: 'services-title' }, 'servicesTitle'),
      near.length ? h('ul', {}, list) : lh('p', { class: 'notice' }, 'servicesNone'),
      h(
        'form',
        { class: 'postcode', onsubmit: search },
        lh('label', { for: id }, 'postcode'),
        h('div', { class: 'row' }, input, lh('button', { type: 'submit', class: 'small' }, 'postcodeSearch')),
        error,
      ),
    );
    box.hidden = false;
    if (postcode) announce(near.length ? near.map((s) => s.name).join(', ') : text('servicesNone'));
  }

  // "Did this help?" — one answer per article; a "no" offers the specialist right there.
  function feedback(articleId, prompt) {
    const box = h('div', { class: 'feedback', role: 'group', 'aria-label': prompt || tt('helped'), 'data-aria': prompt ? null : 'helped' });
    const answer = async (helped) => {
      box.replaceChildren(lh('p', { class: 'notice' }, helped ? 'thanks' : 'notHelped'));
      if (!helped) box.append(specialistButton());
      announce(text(helped ? 'thanks' : 'notHelped'));
      box.querySelector('button')?.focus();
      try {
        await api('POST', `/v1/chat/sessions/${encodeURIComponent(state.session.session_id)}/feedback`, {
          article_id: articleId,
          helped,
        });
      } catch {
        /* feedback is best effort; the visitor has moved on */
      }
    };
    box.append(
      prompt ? h('p', { class: 'prompt' }, prompt) : lh('p', { class: 'prompt' }, 'helped'),
      lh('button', { type: 'button', class: 'small', onclick: () => answer(true) }, 'yes'),
      lh('button', { type: 'button', class: 'small', onclick: () => answer(false) }, 'no'),
    );
    return box;
  }

  function renderChoices(reply, resumed) {
    const list = h('div', { class: 'choices' });
    const pick = (a) => {
      if (state.busy) return;
      list.querySelectorAll('button').forEach((b) => (b.disabled = true));
      addVisitor(a.title);
      send({ article_id: a.id }, null);
    };
    for (const a of reply.articles || []) {
      if (a?.id) list.append(h('button', { type: 'button', class: 'choice', onclick: () => pick(a) }, a.title || a.id));
    }
    list.append(lh('button', { type: 'button', class: 'choice alt', onclick: () => openForm() }, 'noneOfThese'));
    addReply(bubble('line', reply.text ? h('p', { class: 'text' }, reply.text) : null, list));
    if (!resumed) announce(reply.text || '');
  }

  function renderHandoff(reply, resumed) {
    addReply(bubble('line', reply.text ? h('p', { class: 'text' }, reply.text) : lh('p', { class: 'text' }, 'formIntro'), specialistButton()));
    if (!resumed) announce(reply.text || text('formIntro'));
  }

  // The emergency guidance as a box of tap-to-call numbers, and the same as one sentence
  // for screen readers.
  function urgentBox(reply) {
    const given = reply.guidance?.length ? reply.guidance : FALLBACK_GUIDANCE;
    // 112 is always one tap away when the line says "urgent", even if its list leaves it out.
    const with112 = given.some((g) => telHref(g.tel || g.number) === 'tel:112') ? given : [FALLBACK_GUIDANCE[0], ...given];
    const guidance = with112.map((g) => ({
      label: typeof g.label === 'object' ? g.label[lang] || g.label.en : g.label,
      number: g.number || g.tel,
      href: telHref(g.tel || g.number),
    }));
    const box = h(
      'section',
      { class: 'urgent' },
      lh('h3', { class: 'urgent-title' }, 'urgentTitle'),
      reply.text ? h('p', { class: 'text' }, reply.text) : null,
      h(
        'ul',
        { class: 'calls' },
        guidance.map((g) =>
          h(
            'li',
            {},
            g.href
              ? h('a', { class: 'call', href: g.href }, h('span', { class: 'call-label' }, g.label || ''), h('bdi', { class: 'call-number', dir: 'ltr' }, g.number || ''))
              : h('span', { class: 'call' }, g.label || '', ' ', h('bdi', { dir: 'ltr' }, g.number || '')),
          ),
        ),
      ),
    );
    const spoken = `${text('urgentTitle')} ${reply.text || ''} ${guidance.map((g) => `${g.label}: ${g.number}`).join('. ')}`;
    return { box, spoken };
  }

  function renderUrgent(reply, resumed) {
    const { box, spoken } = urgentBox(reply);
    addReply(box);
    if (!resumed) announce(spoken, true);
  }

  function specialistButton() {
    return lh('button', { type: 'button', class: 'primary', onclick: () => openForm() }, 'specialist');
  }

  function renderSpecialistBar() {
    const phone = tenantPhone();
    const href = telHref(phone);
    specialistBar.replaceChildren(
      ...[
        h('span', {}, tt('specialistHint') + ' '),
        h('button', { type: 'button', class: 'linkish', onclick: () => openForm() }, tt('formTitle')),
        href ? h('span', {}, ` ${tt('orCall')} `, h('a', { href, dir: 'ltr' }, displayPhone(phone))) : null,
      ].filter(Boolean),
    );
  }

  // ---------------------------------------------------------------------------------------
  // Failures: say plainly that the line cannot be reached, and give the number to call.

  function showFailure(e, retry) {
    if (e.kind !== 'offline' && loaded) {
      addNotice([['error']], true);
      return;
    }
    clearFailure();
    state.retry = retry;
    const phone = tenantPhone();
    const href = telHref(phone);
    const box = h(
      'div',
      { class: 'offline' },
      lh('p', { class: 'offline-title' }, 'offline'),
      href ? h('a', { class: 'call', href }, lh('span', {}, 'offlineCall', { phone })) : lh('p', {}, 'offlineNoPhone'),
      h('p', {}, lh('a', { href: 'tel:112', class: 'danger' }, 'danger')),
      lh('button', { type: 'button', class: 'small', onclick: () => retry() }, 'retry'),
    );
    add(box);
    announce(`${text('offline')} ${href ? text('offlineCall', { phone }) : text('offlineNoPhone')}`, true);
  }

  function clearFailure() {
    state.retry = null;
    log.querySelectorAll('.offline').forEach((el) => el.remove());
  }

  // ---------------------------------------------------------------------------------------
  // "Talk to a specialist": the callback form.

  // `draft`: a form typed before a reload, to show as it was.
  function openForm(draft, focus = true) {
    formView.replaceChildren(buildForm(draft));
    chatView.hidden = true;
    formView.hidden = false;
    if (focus) formView.querySelector('h3').focus();
  }

  function closeForm() {
    state.formDraft = null;
    persist();
    formView.hidden = true;
    formView.replaceChildren();
    chatView.hidden = false;
    input.focus();
  }

  // `labelKey`, `hintKey`, setError(key): the widget's own labels.
  function field(id, labelKey, control, hintKey) {
    const error = h('p', { class: 'field-error', id: id + '-error', hidden: true });
    control.id = id;
    const describedBy = [hintKey ? id + '-hint' : '', id + '-error'].filter(Boolean).join(' ');
    control.setAttribute('aria-describedby', describedBy);
    return {
      el: h('div', { class: 'field' }, lh('label', { for: id }, labelKey), hintKey ? lh('p', { class: 'hint', id: id + '-hint' }, hintKey) : null, control, error),
      setError(msg) {
        setLabel(error, msg);
        error.hidden = !msg;
        if (msg) control.setAttribute('aria-invalid', 'true');
        else control.removeAttribute('aria-invalid');
      },
    };
  }

  function buildForm(draft) {
    // One key per filled-in form: a retry after a dropped connection can never make a
    // second callback task (nor can one sent again after a reload).
    const idempotencyKey = draft?.key || randomKey();
    const name = h('input', { type: 'text', autocomplete: 'name', maxlength: '100' });
    const phone = h('input', { type: 'tel', autocomplete: 'tel', inputmode: 'tel', required: true, maxlength: '25' });
    const question = h('textarea', { rows: '3', required: true, maxlength: String(MAX_TEXT) });
    question.value = state.openQuestion.join(' ').slice(0, MAX_TEXT);
    const consent = h('input', { type: 'checkbox', id: 'al-consent', required: true, 'aria-describedby': 'al-consent-error' });
    const consentError = h('p', { class: 'field-error', id: 'al-consent-error', hidden: true });
    const formError = h('div', { class: 'form-error', hidden: true });

    const nameField = field('al-name', 'name', name);
    const phoneField = field('al-phone', 'phone', phone, 'phoneHint');
    const questionField = field('al-question', 'question', question);
    const windows = h(
      'fieldset',
      { class: 'windows' },
      lh('legend', {}, 'when'),
      // In the day's order, "any" first and checked (the line's JSON sorts its keys).
      ['any', 'morning', 'afternoon', 'evening'].filter((w) => tt('windows.' + w)).map((w, i) =>
        h('label', { class: 'radio' }, h('input', { type: 'radio', name: 'al-window', value: w, checked: i === 0 }), ' ', lh('span', {}, 'windows.' + w)),
      ),
    );
    // The family's terms for the call (docs/callbacks.md, "Safe callbacks"): unticked is
    // the cautious default, no voicemail and a neutral announcement.
    const hoursFrom = h('input', { type: 'time', step: '60' });
    const hoursTo = h('input', { type: 'time', step: '60' });
    const hoursFromField = field('al-hours-from', 'hoursFrom', hoursFrom);
    const hoursToField = field('al-hours-to', 'hoursTo', hoursTo);
    const check = (id, key) => {
      const box = h('input', { type: 'checkbox', id });
      return [box, h('label', { class: 'check' }, box, ' ', lh('span', {}, key))];
    };
    const [noWeekend, noWeekendLabel] = check('al-no-weekend', 'noWeekend');
    const [voicemail, voicemailLabel] = check('al-voicemail', 'voicemail');
    const [announceCjg, announceLabel] = check('al-announce', 'announce');
    const altPhone = h('input', { type: 'tel', autocomplete: 'off', inputmode: 'tel', maxlength: '25' });
    const altPhoneField = field('al-alt-phone', 'altPhone', altPhone);
    const note = h('input', { type: 'text', maxlength: '500', autocomplete: 'off' });
    const noteField = field('al-terms-note', 'note', note, 'noteHint');
    const safe = h(
      'fieldset',
      { class: 'safe' },
      lh('legend', {}, 'safe'),
      lh('p', { class: 'hint' }, 'safeIntro'),
      h('div', { class: 'hours' }, hoursFromField.el, hoursToField.el),
      noWeekendLabel,
      voicemailLabel,
      announceLabel,
      altPhoneField.el,
      noteField.el,
    );
    const submit = lh('button', { type: 'submit', class: 'primary wide' }, 'submit');

    const setConsentError = (msg) => {
      setLabel(consentError, msg);
      consentError.hidden = !msg;
      if (msg) consent.setAttribute('aria-invalid', 'true');
      else consent.removeAttribute('aria-invalid');
    };

    const onSubmit = async (e) => {
      e.preventDefault();
      if (submit.disabled) return;
      formError.hidden = true;
      const { e164, error } = parsePhone(phone.value);
      phoneField.setError(e164 ? '' : error === 'premium_rate' ? 'phonePremium' : 'phoneError');
      const asked = question.value.trim();
      questionField.setError(asked ? '' : 'questionError');
      setConsentError(consent.checked ? '' : 'consentError');
      const from = hoursFrom.value.slice(0, 5);
      const to = hoursTo.value.slice(0, 5);
      const hoursOk = (!from && !to) || (from && to && from !== to);
      hoursFromField.setError(hoursOk ? '' : 'hoursError');
      const alt = altPhone.value.trim() ? parsePhone(altPhone.value) : { e164: '' };
      altPhoneField.setError(alt.e164 || !altPhone.value.trim() ? '' : alt.error === 'premium_rate' ? 'phonePremium' : 'phoneError');
      if (!e164) return phone.focus();
      if (!hoursOk) return hoursFrom.focus();
      if (altPhone.value.trim() && !alt.e164) return altPhone.focus();
      if (!asked) return question.focus();
      if (!consent.checked) return consent.focus();

      const body = {
        site_key: SITE_KEY,
        phone: e164,
        lang,
        question: asked,
        consent: true,
        window: form.querySelector('input[name="al-window"]:checked')?.value || 'any',
        terms: {
          no_weekend: noWeekend.checked,
          voicemail: voicemail.checked,
          announce_cjg: announceCjg.checked,
        },
      };
      if (from && to) body.terms.hours = { from, to };
      if (alt.e164) body.terms.alt_phone = alt.e164;
      // One line, no control characters: the server refuses them.
      const noteText = note.value.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
      if (noteText) body.terms.note = noteText;
      if (name.value.trim()) body.name = name.value.trim();
      if (state.session?.session_id) body.session_id = state.session.session_id;

      submit.disabled = true;
      setLabel(submit, 'sending');
      try {
        const task = await sendCallback(body, idempotencyKey);
        showDone(task, e164);
      } catch (err) {
        showFormError(err, { phone: [phoneField, phone], question: [questionField, question], consent: [{ setError: setConsentError }, consent] }, formError);
      } finally {
        submit.disabled = false;
        setLabel(submit, 'submit');
      }
    };

    const form = h(
      'form',
      { class: 'callback', novalidate: true, onsubmit: onSubmit },
      lh('h3', { class: 'form-title', tabindex: '-1' }, 'formTitle'),
      lh('p', {}, 'formIntro'),
      nameField.el,
      phoneField.el,
      windows,
      safe,
      questionField.el,
      h('div', { class: 'field consent' }, h('label', { class: 'check' }, consent, ' ', lh('span', {}, 'consent')), consentError),
      state.session?.privacy ? h('p', { class: 'privacy' }, state.session.privacy) : null,
      formError,
      submit,
      lh('button', { type: 'button', class: 'linkish', onclick: closeForm }, 'back'),
    );

    // What the family typed is kept with the conversation in sessionStorage at every change,
    // so a reload brings the form back as it was (testers lost it). Going back, sending it,
    // quick exit and an ended conversation take it away; closing the tab does too.
    const controls = { name, phone, question, hoursFrom, hoursTo, noWeekend, voicemail, announceCjg, altPhone, note, consent };
    const radios = () => [...form.querySelectorAll('input[name="al-window"]')];
    for (const [k, v] of Object.entries(draft?.values || {})) {
      const c = controls[k];
      if (c?.type === 'checkbox') c.checked = v === true;
      else if (c) c.value = String(v);
    }
    for (const r of radios()) if (draft?.values?.window === r.value) r.checked = true;
    const keep = () => {
      const values = { window: radios().find((r) => r.checked)?.value };
      for (const [k, c] of Object.entries(controls)) values[k] = c.type === 'checkbox' ? c.checked : c.value;
      state.formDraft = { key: idempotencyKey, values };
      persist();
    };
    form.addEventListener('input', keep);
    form.addEventListener('change', keep);
    keep();
    return form;
  }

  // A 503 or a dropped connection does not prove that nothing was stored: the request may
  // have reached Redis before the answer was lost. So the same request is sent again with the
  // same Idempotency-Key (which returns the task if it exists) before the family is told that
  // it failed; only an answer to the last try counts.
  async function sendCallback(body, key) {
    for (let attempt = 0; ; attempt++) {
      try {
        return await api('POST', '/v1/callbacks', body, { 'Idempotency-Key': key });
      } catch (err) {
        if (err.kind !== 'offline' || attempt >= CALLBACK_RETRY_DELAYS_MS.length) throw err;
        await new Promise((resolve) => setTimeout(resolve, CALLBACK_RETRY_DELAYS_MS[attempt]));
      }
    }
  }

  // The server's messages are for developers and in English; a field it rejects gets our
  // own text in the visitor's language, next to that field.
  function showFormError(err, fields, formError) {
    if (err.kind === 'invalid') {
      const name = Object.keys(fields).find((f) => err.message.toLowerCase().startsWith(f));
      if (name) {
        const [f, control] = fields[name];
        f.setError(name + 'Error');
        control.focus();
        return;
      }
    }
    const phone = tenantPhone();
    const href = telHref(phone);
    const [key, vals] = err.kind === 'offline' ? ['offline'] : err.kind === 'rate' ? ['slowDown', { n: err.retryAfter }] : ['error'];
    // A refused request that spoke of danger still shows where help is now.
    const urgent = err.urgent ? urgentBox(err.urgent) : null;
    // (replaceChildren would write a null as the text "null".)
    formError.replaceChildren(
      ...[
        urgent ? urgent.box : null,
        lh('p', {}, key, vals),
        // Offline or held back: the tenant's number, so the family can still reach a person.
        (err.kind === 'offline' || err.kind === 'rate') && href ? h('a', { class: 'call', href }, lh('span', {}, 'offlineCall', { phone })) : null,
      ].filter(Boolean),
    );
    formError.hidden = false;
    announce(urgent ? `${urgent.spoken} ${text(key, vals)}` : text(key, vals), true);
  }

  function showDone(task, e164) {
    state.formDraft = null; // sent: the form's work is done
    persist();
    const due = task?.due_at && !isNaN(new Date(task.due_at)) ? task.due_at : '';
    const title = lh('h3', { class: 'form-title', tabindex: '-1' }, 'doneTitle');
    const parts = [['doneText', { phone: e164 }]];
    if (due) parts.push(['doneDue', { due }]);
    if (task?.reference) parts.push(['doneRef', { ref: task.reference }]);
    // The line read danger in the question: where help is now comes first, above the
    // callback (which, however fast, is not help tonight).
    const urgent = task?.urgent?.type === 'urgent' ? urgentBox(task.urgent) : null;
    formView.replaceChildren(
      h(
        'div',
        { class: 'done' },
        urgent ? urgent.box : null,
        title,
        parts.map(([k, v]) => lh('p', { class: k === 'doneRef' ? 'reference' : null }, k, v)),
        lh('button', { type: 'button', class: 'linkish', onclick: closeForm }, 'back'),
      ),
    );
    title.focus();
    if (urgent) announce(urgent.spoken, true);
    announce(`${text('doneTitle')}. ${parts.map(([k, v]) => text(k, v)).join(' ')}`);
    // The conversation shows it too, so it is still there after going back or reloading.
    if (urgent) addReply(urgentBox(task.urgent).box);
    addNotice(parts);
  }

  // ---------------------------------------------------------------------------------------
  // Styles. Pixel units only: a host page's `html { font-size }` must not scale the widget.
  function applyStyles(shadow) {
    const css = `
:host{all:initial}
.root{--p:${color};--on-p:${textOn(color)};--ink:#141414;--muted:#4a4a4a;--line-bg:#f0eff4;--focus:#0b57d0;
font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:var(--ink);letter-spacing:normal;
text-transform:none;text-align:start;direction:ltr;-webkit-font-smoothing:antialiased}
.root[dir=rtl]{direction:rtl}
*,*::before,*::after{box-sizing:border-box;font:inherit;letter-spacing:inherit}
[hidden]{display:none!important}
.sr{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
button,input,textarea{color:inherit;margin:0}
button{cursor:pointer;border:0;background:none}
a{color:#1d4ed8;text-decoration:underline}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.launcher{position:fixed;bottom:20px;display:flex;align-items:center;gap:8px;min-height:56px;padding:0;padding-inline:16px 20px;
border-radius:28px;background:var(--p);color:var(--on-p);font-weight:600;box-shadow:0 4px 16px rgba(0,0,0,.3)}
.right .launcher{right:20px}.left .launcher{left:20px}
.launcher svg{width:24px;height:24px;fill:currentColor}
.launcher.is-open{display:none}
.panel{position:fixed;bottom:20px;width:380px;height:min(640px,calc(100vh - 40px));display:flex;flex-direction:column;
background:#fff;border-radius:12px;box-shadow:0 8px 32px rgba(0,0,0,.35);overflow:hidden}
.right .panel{right:20px}.left .panel{left:20px}
.header{display:flex;flex-direction:column;gap:4px;padding:10px 12px;padding-inline-start:16px;background:var(--p);color:var(--on-p)}
.head-row{display:flex;align-items:center;gap:8px}
.head-row.sub{justify-content:space-between}
.subtitle{flex:1 1 auto;min-width:0}
.no-texts .sub,.no-texts .composer,.no-texts .bar{display:none}
.title{margin:0;font-size:18px;font-weight:700}
.subtitle{margin:0;font-size:14px}
.lang{min-height:44px;max-width:150px;padding:0 8px;border-radius:8px;border:2px solid var(--on-p);background:#fff;color:var(--ink);font-size:16px}
.exit-button{min-height:44px;padding:0 12px;border-radius:8px;border:2px solid var(--on-p);color:inherit;font-weight:700;margin-inline-start:auto}
.icon-button{width:44px;height:44px;display:grid;place-items:center;border-radius:8px;color:inherit}
.icon-button svg{width:24px;height:24px;fill:currentColor}
.header :focus-visible{outline-color:var(--on-p)}
.view{flex:1;display:flex;flex-direction:column;min-height:0}
.log{position:relative;flex:1;overflow-y:auto;padding:16px;display:flex;flex-direction:column;gap:10px;overscroll-behavior:contain}
.msg{max-width:88%;padding:10px 12px;border-radius:12px;overflow-wrap:anywhere}
.msg.line{align-self:flex-start;background:var(--line-bg);border-end-start-radius:4px}
.msg.visitor{align-self:flex-end;background:var(--p);color:var(--on-p);border-end-end-radius:4px}
.text{margin:0;white-space:pre-line}
.answer-title,.services-title{margin:0 0 4px;font-size:16px;font-weight:700}
.links{margin:8px 0 0;padding:0;padding-inline-start:20px}
.links li{margin:4px 0}
.services{align-self:flex-start;max-width:88%;padding:10px 12px;border-radius:12px;border:2px solid var(--line-bg)}
.services ul{list-style:none;margin:0;padding:0}
.services li{display:flex;flex-direction:column;gap:2px;margin:6px 0}
.services strong{font-weight:700}
.services a{color:#1d4ed8;overflow-wrap:anywhere}
.postcode{display:flex;flex-direction:column;gap:4px;margin-top:8px}
.postcode .row{display:flex;gap:8px}
.privacy,.notice,.hint{margin:0;font-size:14px;color:var(--muted)}
.notice{align-self:center;text-align:center}
.chips,.choices{display:flex;flex-wrap:wrap;gap:8px}
.choices{margin-top:8px;flex-direction:column;align-items:stretch}
.chip,.choice,.small{min-height:44px;padding:8px 14px;border-radius:22px;border:2px solid var(--p);background:#fff;color:var(--ink);text-align:start}
.choice{border-radius:8px}
.choice.alt{border-style:dashed}
.feedback{display:flex;flex-wrap:wrap;align-items:center;gap:8px}
.feedback .prompt{margin:0;width:100%;font-size:14px}
.primary{min-height:44px;padding:10px 16px;border-radius:8px;background:var(--p);color:var(--on-p);font-weight:600;margin-top:8px}
.primary.wide{width:100%}
.primary:disabled{opacity:.7;cursor:wait}
.linkish{padding:8px 0;color:#1d4ed8;text-decoration:underline;min-height:44px}
.typing{display:flex;gap:4px;padding:0 16px 8px}
.typing span{width:8px;height:8px;border-radius:50%;background:#6b6b6b;animation:al-blink 1.2s infinite}
.typing span:nth-child(2){animation-delay:.2s}.typing span:nth-child(3){animation-delay:.4s}
@keyframes al-blink{0%,80%,100%{opacity:.25}40%{opacity:1}}
@media (prefers-reduced-motion:reduce){.typing span{animation:none;opacity:.6}}
.composer{display:flex;gap:8px;padding:10px 12px;border-top:1px solid #d4d4d8}
.input{flex:1;min-width:0;min-height:44px;padding:8px 12px;border:2px solid #6b6b6b;border-radius:8px;background:#fff;font-size:16px}
.send{width:44px;height:44px;display:grid;place-items:center;border-radius:8px;background:var(--p);color:var(--on-p)}
.send svg{width:22px;height:22px;fill:currentColor}
[dir=rtl] .send svg{transform:scaleX(-1)}
.bar{padding:0 12px 10px;font-size:14px;color:var(--muted)}
.bar .linkish{min-height:0;padding:0;font-size:14px}
.urgent{align-self:stretch;border:3px solid #b3261e;background:#fff5f4;border-radius:12px;padding:12px}
.urgent-title{margin:0 0 6px;font-size:18px;font-weight:700;color:#8c1d18}
.calls{list-style:none;margin:10px 0 0;padding:0;display:flex;flex-direction:column;gap:8px}
.call{display:flex;justify-content:space-between;align-items:center;gap:8px;min-height:48px;padding:8px 14px;border-radius:8px;
background:#b3261e;color:#fff;font-weight:700;text-decoration:none}
.call-number{white-space:nowrap}
.offline{align-self:stretch;border:2px solid #8a5a00;background:#fff8e6;border-radius:12px;padding:12px;display:flex;flex-direction:column;gap:8px;align-items:flex-start}
.offline p{margin:0}.offline-title{font-weight:700}
.offline .call{align-self:stretch}
.form-view{overflow-y:auto;padding:16px}
.callback,.done{display:flex;flex-direction:column;gap:12px}
.callback p,.done p{margin:0}
.form-title{margin:0;font-size:18px;font-weight:700}
.field{display:flex;flex-direction:column;gap:4px}
.field label{font-weight:600}
.field input,.field textarea{min-height:44px;padding:8px 12px;border:2px solid #6b6b6b;border-radius:8px;background:#fff;font-size:16px;width:100%}
.field textarea{resize:vertical}
[aria-invalid="true"]{border-color:#b3261e!important}
.field-error,.form-error{color:#b3261e;font-weight:600;font-size:14px;margin:0}
.form-error{display:flex;flex-direction:column;gap:8px}
.windows{border:0;margin:0;padding:0;display:flex;flex-direction:column;gap:4px}
.windows legend{font-weight:600;padding:0;margin-bottom:4px}
.safe{border:0;margin:0;padding:0;display:flex;flex-direction:column;gap:4px}
.safe legend{font-weight:600;padding:0;margin-bottom:4px}
.safe .hours{display:flex;gap:8px}
.safe .hours .field{flex:1}
.radio,.check{display:flex;gap:8px;align-items:flex-start;min-height:32px;font-weight:400!important}
.radio input,.check input{width:22px;height:22px;margin:1px 0 0;flex:none;accent-color:var(--p)}
.reference{font-weight:700;font-size:18px}
@media (max-width:480px){
.panel{inset:0!important;width:100%;height:100%;border-radius:0}
.launcher{bottom:12px}.right .launcher{right:12px}.left .launcher{left:12px}
}`;
    if ('adoptedStyleSheets' in Document.prototype && 'replaceSync' in CSSStyleSheet.prototype) {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      shadow.adoptedStyleSheets = [sheet];
    } else {
      shadow.append(h('style', {}, css));
    }
  }
})();
