// Shared by the specialist console (/console/) and the supervisor dashboard (/dashboard/):
// texts and the language switch, the API client with the CSRF token, the server clock, the
// page shell (header, login, tenant selector, logout) and the live event stream.
//
// Plain JavaScript module, no build step. Everything from the server or from callers is
// inserted as text (el() and text nodes), never as HTML. See docs/consoles.md.

const LANG_KEY = 'advieslijn.consoles.lang';
const TENANT_KEY = 'advieslijn.consoles.tenant';

// ---------------------------------------------------------------------------------------
// Texts. Dutch first; each page adds its own keys with addTexts().

const TEXTS = {
  nl: {
    skip: 'Naar de inhoud',
    langSwitch: 'English',
    langSwitchLabel: 'Switch to English',
    tenant: 'Organisatie',
    loggedInAs: 'Ingelogd als {name}',
    logout: 'Uitloggen',
    loginTitle: 'Inloggen',
    username: 'Gebruikersnaam',
    password: 'Wachtwoord',
    login: 'Inloggen',
    loggingIn: 'Bezig met inloggen…',
    badLogin: 'Gebruikersnaam of wachtwoord klopt niet.',
    tooMany: 'Te veel pogingen. Probeer het over {minutes} minuten opnieuw.',
    expired: 'Je sessie is verlopen. Log opnieuw in.',
    loggedOut: 'Je bent uitgelogd.',
    unreachable: 'De server is niet bereikbaar. Probeer het opnieuw.',
    required: 'Vul je gebruikersnaam en wachtwoord in.',
    live: 'Live',
    connecting: 'Verbinden…',
    offline: 'Geen live verbinding',
    liveLabel: 'Live updates: {state}',
    loading: 'Laden…',
    forbidden: 'Je hebt geen rechten voor deze pagina.',
    // By the code of the server's error (gateway/errors.cpp); its message is English text
    // for developers and is not shown.
    errors: {
      invalid_input: 'De server nam dit niet aan: controleer wat je hebt ingevuld en probeer het opnieuw.',
      not_found: 'Dit bestaat niet (meer).',
      conflict: 'Dat lukt niet meer: de taak is intussen veranderd. Het scherm is bijgewerkt.',
      stale_lease: 'Deze taak is niet meer van jou: je claim is verlopen of overgenomen.',
      outside_safe_time: 'Het is nu buiten de tijden die de familie veilig noemde.',
      anonymised: 'De gegevens van deze taak zijn na de bewaartermijn gewist.',
      forbidden: 'Je hebt geen rechten om dit te doen.',
      csrf: 'Je sessie is vernieuwd. Probeer het nog een keer.',
      unauthenticated: 'Je sessie is verlopen. Log opnieuw in.',
      rate_limited: 'Te veel verzoeken achter elkaar. Wacht even en probeer het opnieuw.',
      body_too_large: 'Dit is te groot om te versturen. Maak de tekst korter.',
      unavailable: 'De server kan dit nu even niet verwerken. Probeer het over een minuut opnieuw.',
      network: 'De server is niet bereikbaar. Probeer het opnieuw.',
      internal: 'Er ging iets mis op de server. Probeer het opnieuw; blijft het misgaan, meld het dan aan je beheerder.',
    },
    errorOther: 'Er ging iets mis (foutcode: {code}). Probeer het opnieuw; blijft het misgaan, meld het dan aan je beheerder met deze foutcode.',
    counter: '{n} van {max} tekens',
    counterOver: '{n} van {max} tekens: {over} te veel',
    tooLong: 'Deze tekst is te lang: hoogstens {max} tekens, nu {n}. Maak hem korter.',
    overdue: '{time} te laat',
    left: 'nog {time}',
    days: '{n} d',
    hours: '{n} u',
    minutes: '{n} min',
    seconds: '{n} s',
    none: '—',
    pagesNav: 'Pagina\'s voor supervisors',
    navDashboard: 'Dashboard',
    navReports: 'Rapportages',
    priority: { urgent: 'Spoed', high: 'Hoog', normal: 'Normaal' },
    state: { queued: 'In wachtrij', claimed: 'In behandeling', completed: 'Afgerond', cancelled: 'Geannuleerd' },
    action: {
      created: 'aangemaakt', merged: 'nieuwe vraag', claimed: 'opgepakt', renewed: 'claim verlengd', released: 'teruggegeven',
      lease_expired: 'claim verlopen', attempt: 'belpoging', ready: 'weer beschikbaar', completed: 'afgerond',
      cancelled: 'geannuleerd', at_risk: 'termijn in gevaar', breached: 'termijn verstreken', escalated: 'geëscaleerd',
      escalation_acknowledged: 'escalatie erkend', note: 'notitie', reassigned: 'overgedragen', viewed_number: 'nummer bekeken',
      webhook_sent: 'melding verstuurd', terms: 'afspraken over bellen gewijzigd',
    },
    attempt: { no_answer: 'Niet opgenomen', voicemail: 'Voicemail ingesproken', busy: 'In gesprek', wrong_number: 'Verkeerd nummer' },
    outcome: { reached: 'Bereikt', advised: 'Advies gegeven', referred: 'Doorverwezen', unreachable: 'Niet bereikbaar', other: 'Anders' },
    // The risk categories a specialist can confirm (the list is callbacks/risk_review.hpp's).
    riskCategory: {
      emergency_medical: 'Medisch spoedgeval', suicide_self_harm: 'Suïcide of zelfbeschadiging', acute_danger: 'Acuut gevaar',
      child_abuse: 'Kindermishandeling', domestic_violence: 'Huiselijk geweld', parent_harm: 'Ouder bang kind iets aan te doen',
      unsafe_home: 'Onveilige thuissituatie', online_exploitation: 'Online uitbuiting of sextortion',
      honour_violence: 'Eergerelateerd geweld', neglect: 'Verwaarlozing',
    },
    actor: { system: 'systeem', caller: 'beller' },
    detailText: {
      priority: 'prioriteit {from} → {to}', level: 'escalatieniveau {n}', holder: 'was bij {name}', queue: 'wachtrij',
      was: 'was: {state}', checkedSafe: 'buiten de veilige tijden, gecontroleerd',
      noSafeTime: 'geen veilige tijd meer voor de deadline',
      terms: { 'voicemail=1': 'voicemail mag', 'voicemail=0': 'geen voicemail', 'announce_cjg=1': 'CJG noemen mag', 'announce_cjg=0': 'neutraal aankondigen', note: 'notitie' },
    },
  },
  en: {
    skip: 'Skip to content',
    langSwitch: 'Nederlands',
    langSwitchLabel: 'Schakel naar Nederlands',
    tenant: 'Organisation',
    loggedInAs: 'Logged in as {name}',
    logout: 'Log out',
    loginTitle: 'Log in',
    username: 'Username',
    password: 'Password',
    login: 'Log in',
    loggingIn: 'Logging in…',
    badLogin: 'Username or password is incorrect.',
    tooMany: 'Too many attempts. Try again in {minutes} minutes.',
    expired: 'Your session has expired. Please log in again.',
    loggedOut: 'You have logged out.',
    unreachable: 'The server cannot be reached. Please try again.',
    required: 'Enter your username and password.',
    live: 'Live',
    connecting: 'Connecting…',
    offline: 'No live connection',
    liveLabel: 'Live updates: {state}',
    loading: 'Loading…',
    forbidden: 'You do not have access to this page.',
    errors: {
      invalid_input: 'The server did not accept this: check what you entered and try again.',
      not_found: 'This does not exist (any more).',
      conflict: 'Not possible any more: the task changed meanwhile. The screen has been updated.',
      stale_lease: 'This task is no longer yours: your claim expired or was taken over.',
      outside_safe_time: 'It is now outside the times the family said are safe.',
      anonymised: 'This task\'s details were erased after the retention period.',
      forbidden: 'You are not allowed to do this.',
      csrf: 'Your session was renewed. Please try again.',
      unauthenticated: 'Your session has expired. Please log in again.',
      rate_limited: 'Too many requests in a row. Wait a moment and try again.',
      body_too_large: 'This is too large to send. Make the text shorter.',
      unavailable: 'The server cannot handle this right now. Try again in a minute.',
      network: 'The server cannot be reached. Please try again.',
      internal: 'Something went wrong on the server. Try again; if it keeps failing, tell your administrator.',
    },
    errorOther: 'Something went wrong (error code: {code}). Try again; if it keeps failing, tell your administrator this code.',
    counter: '{n} of {max} characters',
    counterOver: '{n} of {max} characters: {over} too many',
    tooLong: 'This text is too long: at most {max} characters, now {n}. Make it shorter.',
    overdue: '{time} overdue',
    left: '{time} left',
    days: '{n} d',
    hours: '{n} h',
    minutes: '{n} min',
    seconds: '{n} s',
    none: '—',
    pagesNav: 'Supervisor pages',
    navDashboard: 'Dashboard',
    navReports: 'Reports',
    priority: { urgent: 'Urgent', high: 'High', normal: 'Normal' },
    state: { queued: 'Queued', claimed: 'In progress', completed: 'Completed', cancelled: 'Cancelled' },
    action: {
      created: 'created', merged: 'new question', claimed: 'claimed', renewed: 'claim renewed', released: 'released',
      lease_expired: 'claim expired', attempt: 'call attempt', ready: 'available again', completed: 'completed',
      cancelled: 'cancelled', at_risk: 'deadline at risk', breached: 'deadline passed', escalated: 'escalated',
      escalation_acknowledged: 'escalation acknowledged', note: 'note', reassigned: 'reassigned', viewed_number: 'number viewed',
      webhook_sent: 'notification sent', terms: 'calling terms changed',
    },
    attempt: { no_answer: 'No answer', voicemail: 'Left voicemail', busy: 'Busy', wrong_number: 'Wrong number' },
    outcome: { reached: 'Reached', advised: 'Advice given', referred: 'Referred', unreachable: 'Unreachable', other: 'Other' },
    riskCategory: {
      emergency_medical: 'Medical emergency', suicide_self_harm: 'Suicide or self-harm', acute_danger: 'Acute danger',
      child_abuse: 'Child abuse', domestic_violence: 'Domestic violence', parent_harm: 'Parent afraid of harming the child',
      unsafe_home: 'Unsafe home', online_exploitation: 'Online exploitation or sextortion',
      honour_violence: 'Honour-based violence', neglect: 'Neglect',
    },
    actor: { system: 'system', caller: 'caller' },
    detailText: {
      priority: 'priority {from} → {to}', level: 'escalation level {n}', holder: 'was with {name}', queue: 'queue',
      was: 'was: {state}', checkedSafe: 'outside the safe times, checked',
      noSafeTime: 'no safe time left before the deadline',
      terms: { 'voicemail=1': 'voicemail allowed', 'voicemail=0': 'no voicemail', 'announce_cjg=1': 'may say CJG', 'announce_cjg=0': 'neutral announcement', note: 'note' },
    },
  },
};

// The risk categories in the order of the texts above.
export const riskCategories = () => Object.keys(TEXTS.nl.riskCategory);

export function addTexts(extra) {
  for (const lang of Object.keys(TEXTS)) Object.assign(TEXTS[lang], extra[lang]);
}

let lang = readStored(LANG_KEY) === 'en' ? 'en' : 'nl';
export const currentLang = () => lang;

// The notice the login form shows after the page reloaded itself at a logout or an expired
// session ("Je bent uitgelogd"), kept in sessionStorage across that one reload.
const NOTICE_KEY = 'advieslijn.loginNotice';

function readStored(key) {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function writeStored(key, value) {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    /* private mode: the choice lasts for this page only */
  }
}

// t('left', {time: '3 min'}); t('priority.urgent'). Unknown keys show the key itself, so a
// missing text is visible in review rather than an empty element.
export function t(key, vars = {}) {
  let value = key.split('.').reduce((o, k) => (o && typeof o === 'object' ? o[k] : undefined), TEXTS[lang]);
  if (typeof value !== 'string') value = key.split('.').pop();
  return value.replace(/\{(\w+)\}/g, (_, name) => (name in vars ? String(vars[name]) : `{${name}}`));
}

// What a failed request means, for the people using the page: a sentence in the page's language
// chosen by the error's code (the server's own message is English text for developers).
// `own` holds a page's sentences for codes it can say more about ({invalid_input: …}). An
// unknown code gets a general sentence that names it, so it can still be reported.
export function errorText(e, own = {}) {
  // Without a code of ours (a proxy's 502 page, a body that is not JSON) a 5xx still means
  // the line is unavailable for now.
  const code = e?.code || (e?.status >= 500 ? 'unavailable' : `HTTP ${e?.status ?? '?'}`);
  if (own[code]) return own[code];
  const known = TEXTS[lang].errors[code];
  return typeof known === 'string' ? known : t('errorOther', { code });
}

// The length of a text as the server counts it (common/encoding.hpp, utf8_characters): in
// characters, so an emoji or an accented letter counts once. A browser's maxlength counts
// UTF-16 units instead and cuts pasted text off without a word, so the fields use this.
export const characters = (text) => [...String(text ?? '')].length;

// The longest note, release note or cancel reason the server takes, in characters
// (callbacks/model.hpp, max_note_characters).
export const NOTE_LIMIT = 2000;

// A counter under a text field with a limit ("12 van 2000 tekens"), red past the limit. The
// field does not cut the text off, so nothing typed or pasted is lost; the form refuses to send
// it instead. Returns the check: null when the text fits, else the sentence to show.
export function limitCounter(control, max) {
  const counter = el('p', { id: `${control.id}-count`, class: 'counter' });
  control.after(counter);
  control.setAttribute('aria-describedby', [control.getAttribute('aria-describedby'), counter.id].filter(Boolean).join(' '));
  control.removeAttribute('maxlength');
  const check = () => {
    const n = characters(control.value.trim());
    const over = n > max;
    counter.textContent = over ? t('counterOver', { n, max, over: n - max }) : t('counter', { n, max });
    counter.dataset.over = String(over);
    return over ? t('tooLong', { max, n }) : null;
  };
  control.addEventListener('input', check);
  // form.reset() sends no input event, and resets only after its own event.
  control.form?.addEventListener('reset', () => setTimeout(check));
  counter.update = check; // the language switch draws it again (renderTexts)
  check();
  return check;
}

// Who made a history or audit entry: a username, or the line itself ("system", "caller";
// reserved, no account can take them).
export function describeActor(actor) {
  return actor === 'system' || actor === 'caller' ? t(`actor.${actor}`) : actor ?? '';
}

// The detail of a history or audit entry: a short machine text written by the callback
// functions (callbacks/lua), e.g. "priority normal->high", "escalation level 1", "queue->alice",
// "referred: GGD". Shown in the page's language; anything not recognised is shown as it is.
export function describeDetail(action, detail) {
  if (typeof detail !== 'string') return detail ? JSON.stringify(detail) : '';
  let m;
  // The safe-times suffixes (docs/callbacks.md): a claim or reassignment the caller checked,
  // an at-risk warning with no safe time left.
  if ((m = /^(.*?) ?checked_safe_time$/.exec(detail))) {
    const rest = m[1] ? describeDetail(action, m[1]) : '';
    return rest ? `${rest} (${t('detailText.checkedSafe')})` : t('detailText.checkedSafe');
  }
  if ((m = /^(.*), no safe time before the deadline$/.exec(detail))) {
    return `${describeDetail(action, m[1])}; ${t('detailText.noSafeTime')}`;
  }
  if ((m = /^priority (\w+)->(\w+)$/.exec(detail))) {
    return t('detailText.priority', { from: t(`priority.${m[1]}`), to: t(`priority.${m[2]}`) });
  }
  if ((m = /^escalation level (\d+)$/.exec(detail))) return t('detailText.level', { n: m[1] });
  if ((m = /^holder (.*)$/.exec(detail))) return t('detailText.holder', { name: m[1] });
  switch (action) {
    case 'created': return t(`priority.${detail}`);
    case 'lease_expired': return t('detailText.holder', { name: detail });
    case 'attempt': return t(`attempt.${detail}`);
    case 'webhook_sent': return detail === 'urgent' ? t('priority.urgent') : detail;
    case 'cancelled': return t('detailText.was', { state: t(`state.${detail}`) });
    case 'completed': {
      // "outcome" or "outcome: referral" (the partner's name, as the specialist typed it)
      const cut = detail.indexOf(': ');
      return cut < 0 ? t(`outcome.${detail}`) : `${t(`outcome.${detail.slice(0, cut)}`)}: ${detail.slice(cut + 2)}`;
    }
    case 'terms': // "voicemail=1 announce_cjg=0 note": what the family changed by text
      return detail.split(' ').map((part) => TEXTS[lang]?.detailText?.terms?.[part] ?? part).join(', ');
    case 'reassigned':
      if ((m = /^(.*)->(.*)$/.exec(detail))) return `${m[1] === 'queue' ? t('detailText.queue') : m[1]} → ${m[2]}`;
      break;
    default:
      break;
  }
  return detail;
}

// Static markup names its texts: data-i18n (content), data-i18n-label (aria-label).
export function applyTexts(root = document) {
  document.documentElement.lang = lang;
  for (const node of root.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  for (const node of root.querySelectorAll('[data-i18n-label]')) node.setAttribute('aria-label', t(node.dataset.i18nLabel));
}

// ---------------------------------------------------------------------------------------
// DOM: el('li', {class: 'task', onclick: fn}, 'text', child). Strings become text nodes.

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else if (name === 'class') node.className = value;
    else if (name === 'text') node.textContent = value;
    else if (name === 'dataset') Object.assign(node.dataset, value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

// The same for SVG (the dashboard's and the reports page's charts): svg('rect', {x: 1}).
const SVG_NS = 'http://www.w3.org/2000/svg';
export function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

export function replaceChildren(node, ...children) {
  node.replaceChildren();
  append(node, children);
}

// Draws a list again and keeps the children that did not change. `entries` are [key, build]
// pairs; a key must say everything its node shows (ticking countdowns aside). A kept node is
// not taken out of the page unless the order around it changed: the consoles redraw their
// lists on every event, and a button replaced between the press and the release of the mouse
// swallows the click, while a kept one keeps its focus and what was typed in it.
export function updateChildren(parent, entries) {
  const drawn = new Map();
  for (const node of parent.children) if (node.dataset.key !== undefined) drawn.set(node.dataset.key, node);
  const nodes = entries.map(([key, build]) => {
    const kept = drawn.get(key);
    if (kept) {
      drawn.delete(key);
      return kept;
    }
    const node = build();
    node.dataset.key = key;
    return node;
  });
  const keep = new Set(nodes);
  for (const node of [...parent.children]) if (!keep.has(node)) node.remove();
  nodes.forEach((node, i) => {
    if (parent.children[i] !== node) parent.insertBefore(node, parent.children[i] ?? null);
  });
}

// Short announcements for screen readers (one polite live region a page).
export function announce(message) {
  const region = document.getElementById('announce');
  if (!region) return;
  region.textContent = '';
  // A fresh text node after a tick, so repeating the same message is announced again.
  setTimeout(() => (region.textContent = message), 50);
}

export function excerpt(text, max = 160) {
  const s = String(text ?? '').replace(/\s+/g, ' ').trim();
  return s.length > max ? s.slice(0, max - 1) + '…' : s;
}

// ---------------------------------------------------------------------------------------
// Server time. Lists carry "now"; countdowns use it, not the PC clock (which may be off, and
// in tests the server runs a fake clock).

let clockOffset = 0;
export function syncClock(serverNow) {
  const ms = Date.parse(serverNow);
  if (!Number.isNaN(ms)) clockOffset = ms - Date.now();
}
export const serverNow = () => Date.now() + clockOffset;

export function formatDuration(ms) {
  const total = Math.max(0, Math.floor(Math.abs(ms) / 1000));
  const d = Math.floor(total / 86400);
  const h = Math.floor((total % 86400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (d > 0) return `${t('days', { n: d })} ${t('hours', { n: h })}`;
  if (h > 0) return `${t('hours', { n: h })} ${t('minutes', { n: m })}`;
  if (m >= 10) return t('minutes', { n: m });
  return `${t('minutes', { n: m })} ${t('seconds', { n: s })}`;
}

export function formatTime(iso) {
  if (!iso) return t('none');
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return t('none');
  return d.toLocaleString(lang === 'nl' ? 'nl-NL' : 'en-GB', {
    timeZone: 'Europe/Amsterdam',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  });
}

// A deadline as the pages show it: text and a level (ok, risk, breached). At risk when the
// server says so, or when less than a quarter of the SLA time is left.
export function deadline(task, now = serverNow()) {
  const due = Date.parse(task.due_at);
  const created = Date.parse(task.created_at);
  const left = due - now;
  let level = 'ok';
  if (task.breached || left <= 0) level = 'breached';
  else if (task.at_risk || (created < due && left < (due - created) / 4)) level = 'risk';
  const text = left <= 0 ? t('overdue', { time: formatDuration(left) }) : t('left', { time: formatDuration(left) });
  return { text, level };
}

// <time> elements with data-due (and the task's created_at, at_risk, breached in the
// dataset) are counted down once a second by tickCountdowns().
export function countdown(task) {
  const node = el('time', {
    class: 'countdown',
    datetime: task.due_at,
    dataset: {
      due: task.due_at,
      created: task.created_at || '',
      risk: task.at_risk ? '1' : '',
      breached: task.breached ? '1' : '',
    },
  });
  updateCountdown(node);
  return node;
}

function updateCountdown(node) {
  const { text, level } = deadline({
    due_at: node.dataset.due,
    created_at: node.dataset.created,
    at_risk: !!node.dataset.risk,
    breached: !!node.dataset.breached,
  });
  if (node.textContent !== text) node.textContent = text;
  node.dataset.level = level;
}

export function tickCountdowns(root = document) {
  for (const node of root.querySelectorAll('time.countdown')) updateCountdown(node);
}

// ---------------------------------------------------------------------------------------
// The API. Same origin, the session in an HttpOnly cookie; the CSRF token stays in memory.

export class ApiError extends Error {
  constructor(status, code, message, retryAfter) {
    super(message || code || `HTTP ${status}`);
    this.status = status;
    this.code = code;
    this.retryAfter = retryAfter;
  }
}

const session = { user: null, csrf: null, tenant: null };
export const currentUser = () => session.user;
export const currentTenant = () => session.tenant;
let onUnauthenticated = () => {};

async function request(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && session.csrf) headers['X-CSRF-Token'] = session.csrf;
  let res;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network', t('unreachable'));
  }
  if (res.status === 204) return null;
  let data = null;
  try {
    data = await res.json();
  } catch {
    /* not JSON: handled below by the status */
  }
  if (!res.ok) {
    const err = data?.error ?? {};
    throw new ApiError(res.status, err.code, err.message, Number(res.headers.get('Retry-After')) || 0);
  }
  return data;
}

// api('GET', '/v1/callbacks', {query: {state: 'queued'}}): lists get ?tenant= added. A 401
// sends the page back to the login form; a stale CSRF token is fetched again once.
export async function api(method, path, { query, body, tenant = true } = {}) {
  const params = new URLSearchParams();
  if (tenant && session.tenant) params.set('tenant', session.tenant);
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null && v !== '') params.set(k, v);
  const url = params.toString() ? `${path}?${params}` : path;
  try {
    return await request(method, url, body);
  } catch (e) {
    if (e.status === 403 && e.code === 'csrf') {
      const me = await request('GET', '/v1/auth/me');
      session.csrf = me.csrf_token;
      return request(method, url, body);
    }
    if (e.status === 401 && path !== '/v1/auth/login') onUnauthenticated();
    throw e;
  }
}

// ---------------------------------------------------------------------------------------
// Live events: one EventSource, a connection indicator, a debounced refetch on any event
// and after every reconnect.

let events = null;
let eventsRetry = null;

function setLive(state) {
  const node = document.getElementById('live');
  if (!node) return;
  node.dataset.state = state;
  const label = { open: t('live'), connecting: t('connecting'), closed: t('offline') }[state];
  node.querySelector('.live-text').textContent = label;
  node.setAttribute('title', t('liveLabel', { state: label }));
}

export function connectEvents(onChange) {
  disconnectEvents();
  let timer = null;
  let opened = false;
  const changed = () => {
    clearTimeout(timer);
    timer = setTimeout(onChange, 250);
  };
  setLive('connecting');
  events = new EventSource('/v1/events');
  events.onopen = () => {
    setLive('open');
    // What happened while we were away is not replayed: fetch the lists again.
    if (opened) changed();
    opened = true;
  };
  events.addEventListener('task', changed);
  events.onerror = () => {
    if (!events) return;
    if (events.readyState === EventSource.CLOSED) {
      // The browser gave up (e.g. 401 after the session ended): check and start again.
      setLive('closed');
      const source = events;
      eventsRetry = setTimeout(async () => {
        if (events !== source) return;
        try {
          await api('GET', '/v1/auth/me', { tenant: false });
          connectEvents(onChange);
          onChange();
        } catch {
          /* the 401 handler shows the login form */
        }
      }, 5000);
    } else {
      setLive('connecting');
    }
  };
}

export function disconnectEvents() {
  clearTimeout(eventsRetry);
  if (events) events.close();
  events = null;
  setLive('closed');
}

// ---------------------------------------------------------------------------------------
// The page shell: skip link target, header (title, tenant, live indicator, user, language,
// logout) and the login form. The page supplies start(user) and stop().

export function startShell({ titleKey, start, stop, refresh, allowed = () => true }) {
  const header = document.getElementById('top');
  const loginBox = document.getElementById('login');
  const app = document.getElementById('app');
  const denied = document.getElementById('denied');

  const langButton = el('button', { type: 'button', class: 'linkish', id: 'lang', lang: lang === 'nl' ? 'en' : 'nl' });
  const tenantSelect = el('select', { id: 'tenant' });
  const tenantBox = el('div', { class: 'field-inline', hidden: true },
    el('label', { for: 'tenant', dataset: { i18n: 'tenant' } }), tenantSelect);
  const userText = el('span', { class: 'user' });
  const logoutButton = el('button', { type: 'button', class: 'secondary', dataset: { i18n: 'logout' } });
  const live = el('span', { id: 'live', class: 'live', role: 'img', dataset: { state: 'closed' } },
    el('span', { class: 'dot', 'aria-hidden': 'true' }), el('span', { class: 'live-text' }));
  const sessionBar = el('div', { class: 'session', hidden: true }, tenantBox, live, userText, logoutButton);
  header.append(
    el('div', { class: 'brand' }, el('span', { class: 'logo', 'aria-hidden': 'true' }, 'A'),
      el('span', { class: 'title', dataset: { i18n: titleKey } })),
    el('div', { class: 'tools' }, sessionBar, langButton),
  );

  const username = el('input', { id: 'login-username', name: 'username', autocomplete: 'username', required: true });
  const password = el('input', { id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const loginError = el('p', { id: 'login-error', class: 'error', role: 'alert' });
  const loginButton = el('button', { type: 'submit', class: 'primary' });
  const form = el('form', { class: 'login card', novalidate: true, 'aria-labelledby': 'login-title' },
    el('h1', { id: 'login-title', dataset: { i18n: 'loginTitle' } }),
    el('div', { class: 'field' }, el('label', { for: 'login-username', dataset: { i18n: 'username' } }), username),
    el('div', { class: 'field' }, el('label', { for: 'login-password', dataset: { i18n: 'password' } }), password),
    loginError,
    loginButton,
  );
  loginBox.append(form);

  const renderTexts = () => {
    applyTexts();
    langButton.textContent = t('langSwitch');
    langButton.setAttribute('lang', lang === 'nl' ? 'en' : 'nl');
    langButton.setAttribute('aria-label', t('langSwitchLabel'));
    loginButton.textContent = t('login');
    if (session.user) userText.textContent = t('loggedInAs', { name: session.user.name || session.user.username });
    for (const counter of document.querySelectorAll('.counter')) counter.update?.();
    const liveState = live.dataset.state;
    setLive(liveState);
    document.title = `${t(titleKey)} – Advieslijn`;
  };

  // Once the page is on its way back to the login form, no later 401 may change what it will
  // say: the live stream outlives a session until its next ping, so a task event around a
  // logout starts a refetch whose 401 can come back during the logout or the reload, and its
  // "verlopen" replaced the logout's "uitgelogd" (seen in CI).
  let loggingOut = false;
  let leaving = false;
  const showLogin = (message = '') => {
    const wasIn = !!session.user;
    if (wasIn) {
      if (leaving) return;
      leaving = true;
      // What the last user saw (a family's question and number, the queue) must not stay in
      // the page, hidden, for the next one at a shared workstation: the page starts afresh and
      // shows the notice after it (a tester found the task still in the DOM after logout).
      try {
        sessionStorage.setItem(NOTICE_KEY, message);
      } catch {
        /* private mode: the login form then shows no notice */
      }
      location.reload();
      return;
    }
    session.user = null;
    session.csrf = null;
    disconnectEvents();
    if (wasIn) stop();
    app.hidden = true;
    if (denied) denied.hidden = true;
    sessionBar.hidden = true;
    loginBox.hidden = false;
    setError(message);
    password.value = '';
    username.focus();
  };

  const setError = (message) => {
    loginError.textContent = message;
    const bad = !!message && message !== t('loggedOut');
    loginError.classList.toggle('notice', !bad);
    for (const input of [username, password]) {
      if (bad) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    }
  };

  const enter = (data) => {
    session.user = data.user;
    session.csrf = data.csrf_token;
    const tenants = data.user.tenants ?? [];
    const stored = readStored(TENANT_KEY);
    session.tenant = tenants.some((x) => x.id === stored) ? stored : tenants[0]?.id ?? null;
    tenantSelect.replaceChildren(...tenants.map((x) => el('option', { value: x.id }, x.name || x.id)));
    tenantSelect.value = session.tenant ?? '';
    tenantBox.hidden = tenants.length < 2;
    loginBox.hidden = true;
    sessionBar.hidden = false;
    renderTexts();
    if (!allowed(data.user)) {
      if (denied) denied.hidden = false;
      return;
    }
    app.hidden = false;
    start(data.user);
  };

  onUnauthenticated = () => {
    if (session.user && !loggingOut) showLogin(t('expired'));
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!username.value.trim() || !password.value) {
      setError(t('required'));
      (username.value.trim() ? password : username).focus();
      return;
    }
    loginButton.disabled = true;
    loginButton.textContent = t('loggingIn');
    try {
      const data = await api('POST', '/v1/auth/login', {
        body: { username: username.value.trim(), password: password.value },
        tenant: false,
      });
      setError('');
      password.value = '';
      enter(data);
      // The focus moves past the header for keyboard and screen reader users, but the page
      // stays where it is: scrolling <main> to the top hid the header (the dashboard opened
      // 54 px down, a tester's finding).
      document.getElementById('main').focus({ preventScroll: true });
    } catch (e) {
      if (e.status === 401) setError(t('badLogin'));
      else if (e.status === 429) setError(t('tooMany', { minutes: Math.max(1, Math.ceil((e.retryAfter || 60) / 60)) }));
      else if (e.status === 0) setError(t('unreachable'));
      else setError(errorText(e));
      password.focus();
    } finally {
      loginButton.disabled = false;
      loginButton.textContent = t('login');
    }
  });

  logoutButton.addEventListener('click', async () => {
    loggingOut = true;
    try {
      await api('POST', '/v1/auth/logout', { tenant: false });
    } catch {
      /* the session is gone either way for this page */
    }
    showLogin(t('loggedOut'));
  });

  langButton.addEventListener('click', () => {
    lang = lang === 'nl' ? 'en' : 'nl';
    writeStored(LANG_KEY, lang);
    renderTexts();
    if (session.user) refresh({ language: true });
  });

  tenantSelect.addEventListener('change', () => {
    session.tenant = tenantSelect.value;
    writeStored(TENANT_KEY, session.tenant);
    refresh({ tenant: true });
  });

  renderTexts();
  setInterval(() => tickCountdowns(), 1000);

  (async () => {
    let notice = '';
    try {
      notice = sessionStorage.getItem(NOTICE_KEY) ?? '';
      sessionStorage.removeItem(NOTICE_KEY);
    } catch {
      /* no notice */
    }
    try {
      enter(await api('GET', '/v1/auth/me', { tenant: false }));
    } catch (e) {
      showLogin(e.status === 0 ? t('unreachable') : notice);
    }
  })();
}

// A status line next to an action: role="status" text, cleared on the next action.
export function showStatus(node, message, kind = 'ok') {
  node.textContent = message;
  node.dataset.kind = kind;
}
