// The supervisor dashboard: live SLA tiles, the last 7 days as a chart (with a table), open
// escalations to acknowledge, workload per specialist and the audit log. See docs/consoles.md.
import {
  addTexts, t, el, replaceChildren, announce, excerpt, api, syncClock, formatTime, countdown, startShell,
  connectEvents, currentLang, showStatus,
} from '../console/common.js';

addTexts({
  nl: {
    appTitle: 'Dashboard',
    dashTitle: 'Dashboard voor supervisors',
    toConsole: 'Naar de terugbelconsole',
    tilesTitle: 'Nu',
    updated: 'Bijgewerkt:',
    tile: {
      queued: 'In wachtrij', claimed: 'In behandeling', at_risk: 'Termijn in gevaar', breached: 'Termijn verstreken',
      urgent: 'Spoed', completed_today: 'Vandaag afgerond', within_sla: 'Binnen 24 uur teruggebeld',
      median: 'Mediaan tot terugbellen',
    },
    window: { '24h': '24 uur', '7d': '7 dagen', '30d': '30 dagen' },
    minutesValue: '{n} min',
    breachAlert: 'Let op: {n} taken over de termijn.',
    riskAlert: '{n} taken lopen gevaar de termijn te missen.',
    chartTitle: 'Afgelopen 7 dagen',
    chartTable: 'Als tabel',
    chartLabel: 'Staafdiagram van binnengekomen en afgeronde taken per dag, met het deel binnen de termijn als lijn.',
    created: 'Binnengekomen',
    completed: 'Afgerond',
    withinShare: 'Binnen termijn',
    escTitle: 'Open escalaties',
    escNone: 'Geen open escalaties.',
    acknowledge: 'Erkennen',
    acknowledgeRef: 'Erkennen: escalatie {ref}',
    acknowledged: 'Escalatie {ref} erkend.',
    ackBy: 'Erkend door {who}',
    showQuestion: 'Toon vraag',
    showQuestionRef: 'Toon vraag van {ref}',
    level: { 1: 'Termijn verstreken', 2: 'Tweede niveau' },
    workTitle: 'Werkverdeling',
    workNone: 'Nog geen specialisten.',
    auditTitle: 'Auditlog',
    auditNone: 'Nog geen regels.',
    more: 'Meer laden',
    col: {
      reference: 'Referentie', level: 'Niveau', due: 'Termijn', task: 'Taak', action: 'Actie', specialist: 'Specialist',
      claimed: 'In behandeling', completedToday: 'Vandaag afgerond', attemptsToday: 'Belpogingen vandaag',
      at: 'Tijd', actor: 'Door', auditAction: 'Handeling', detail: 'Details', date: 'Datum',
    },
  },
  en: {
    appTitle: 'Dashboard',
    dashTitle: 'Supervisor dashboard',
    toConsole: 'To the callback console',
    tilesTitle: 'Now',
    updated: 'Updated:',
    tile: {
      queued: 'Queued', claimed: 'In progress', at_risk: 'At risk', breached: 'Breached', urgent: 'Urgent',
      completed_today: 'Completed today', within_sla: 'Called back within 24 hours', median: 'Median time to callback',
    },
    window: { '24h': '24 hours', '7d': '7 days', '30d': '30 days' },
    minutesValue: '{n} min',
    breachAlert: 'Attention: {n} tasks past their deadline.',
    riskAlert: '{n} tasks are at risk of missing their deadline.',
    chartTitle: 'Last 7 days',
    chartTable: 'As a table',
    chartLabel: 'Bar chart of created and completed tasks per day, with the share within the deadline as a line.',
    created: 'Created',
    completed: 'Completed',
    withinShare: 'Within deadline',
    escTitle: 'Open escalations',
    escNone: 'No open escalations.',
    acknowledge: 'Acknowledge',
    acknowledgeRef: 'Acknowledge: escalation {ref}',
    acknowledged: 'Escalation {ref} acknowledged.',
    ackBy: 'Acknowledged by {who}',
    showQuestion: 'Show question',
    showQuestionRef: 'Show question of {ref}',
    level: { 1: 'Breached', 2: 'Second level' },
    workTitle: 'Workload',
    workNone: 'No specialists yet.',
    auditTitle: 'Audit log',
    auditNone: 'No entries yet.',
    more: 'Load more',
    col: {
      reference: 'Reference', level: 'Level', due: 'Deadline', task: 'Task', action: 'Action', specialist: 'Specialist',
      claimed: 'In progress', completedToday: 'Completed today', attemptsToday: 'Attempts today',
      at: 'Time', actor: 'By', auditAction: 'Action', detail: 'Details', date: 'Date',
    },
  },
});

const $ = (id) => document.getElementById(id);
const state = { sla: null, daily: [], escalations: [], questions: new Map(), workload: [], audit: [], auditNext: null };

const percent = (share) => (share === null || share === undefined ? t('none') : `${Math.round(share * 100)}%`);
const minutes = (n) => (n === null || n === undefined ? t('none') : t('minutesValue', { n: Math.round(n) }));

// ---------------------------------------------------------------------------------------
// Tiles

async function loadSla() {
  try {
    const sla = await api('GET', '/v1/sla');
    syncClock(sla.now);
    const before = state.sla;
    state.sla = sla;
    renderTiles();
    if (before && sla.breached > before.breached) announce(t('breachAlert', { n: sla.breached }));
    else if (before && sla.at_risk > before.at_risk) announce(t('riskAlert', { n: sla.at_risk }));
    showStatus($('tiles-status'), '');
  } catch (e) {
    if (e.status !== 401) showStatus($('tiles-status'), t('error', { message: e.message }), 'error');
  }
}

function tile(key, value, { level = '', extra = null } = {}) {
  return el('li', { class: 'tile', id: `tile-${key}`, dataset: { level } },
    el('span', { class: 'tile-label' }, t(`tile.${key}`)),
    el('span', { class: 'value' }, String(value)),
    extra);
}

function windows(obj, format) {
  return el('span', { class: 'tile-extra' },
    ['7d', '30d'].map((w, i) => [i ? ' · ' : '', `${t(`window.${w}`)}: ${format(obj?.[w])}`]));
}

function renderTiles() {
  const s = state.sla;
  if (!s) return;
  $('tiles-time').textContent = formatTime(s.now);
  $('tiles-time').setAttribute('datetime', s.now);
  replaceChildren($('tiles'),
    tile('queued', s.queued ?? 0),
    tile('claimed', s.claimed ?? 0),
    tile('at_risk', s.at_risk ?? 0, { level: s.at_risk > 0 ? 'risk' : '' }),
    tile('breached', s.breached ?? 0, { level: s.breached > 0 ? 'breached' : '' }),
    tile('urgent', s.urgent ?? 0, { level: s.urgent > 0 ? 'breached' : '' }),
    tile('completed_today', s.completed_today ?? 0),
    tile('within_sla', percent(s.within_sla?.['24h']), { extra: windows(s.within_sla, percent) }),
    tile('median', minutes(s.median_minutes_to_callback?.['24h']), { extra: windows(s.median_minutes_to_callback, minutes) }),
  );
}

// ---------------------------------------------------------------------------------------
// The chart: bars for created and completed per day, a line for the share within the SLA.
// Drawn as inline SVG; the same figures are in a table for screen readers and keyboard users.

const SVG = 'http://www.w3.org/2000/svg';
function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

// `within_sla` of a day counts the tasks completed within the deadline that day.
function dayShare(day) {
  if (day.within_sla === null || day.within_sla === undefined || !(day.completed > 0)) return null;
  return day.within_sla / day.completed;
}

function dayLabel(date) {
  const d = new Date(`${date}T12:00:00Z`);
  if (Number.isNaN(d.getTime())) return date;
  return d.toLocaleDateString(currentLang() === 'nl' ? 'nl-NL' : 'en-GB', { weekday: 'short', day: 'numeric', timeZone: 'UTC' });
}

async function loadDaily() {
  try {
    const data = await api('GET', '/v1/sla/daily', { query: { days: 7 } });
    state.daily = data.days ?? [];
    renderChart();
  } catch (e) {
    if (e.status !== 401) replaceChildren($('chart'), el('p', { class: 'error' }, t('error', { message: e.message })));
  }
}

function renderChart() {
  const days = state.daily;
  const W = 640, H = 240, left = 36, right = 44, top = 12, bottom = 32;
  const plotW = W - left - right, plotH = H - top - bottom;
  const max = Math.max(1, ...days.flatMap((d) => [d.created ?? 0, d.completed ?? 0]));
  const step = days.length ? plotW / days.length : plotW;
  const barW = Math.max(4, step / 3);
  const y = (v) => top + plotH - (v / max) * plotH;
  const yShare = (s) => top + plotH - s * plotH;

  const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': 'chart-svg-title', class: 'chart-svg' },
    svg('title', { id: 'chart-svg-title' }, t('chartLabel')));
  // Axes and grid: count on the left, share on the right.
  for (const frac of [0, 0.5, 1]) {
    const gy = top + plotH - frac * plotH;
    chart.append(
      svg('line', { x1: left, x2: W - right, y1: gy, y2: gy, class: 'grid-line' }),
      svg('text', { x: left - 6, y: gy + 4, class: 'axis', 'text-anchor': 'end' }, Math.round(frac * max)),
      svg('text', { x: W - right + 6, y: gy + 4, class: 'axis' }, `${Math.round(frac * 100)}%`));
  }
  const points = [];
  days.forEach((d, i) => {
    const x0 = left + i * step + (step - 2 * barW) / 2;
    chart.append(
      svg('rect', { x: x0, y: y(d.created ?? 0), width: barW, height: top + plotH - y(d.created ?? 0), class: 'bar-created' }),
      svg('rect', { x: x0 + barW, y: y(d.completed ?? 0), width: barW, height: top + plotH - y(d.completed ?? 0), class: 'bar-completed' }),
      svg('text', { x: left + i * step + step / 2, y: H - 10, class: 'axis', 'text-anchor': 'middle' }, dayLabel(d.date)));
    const share = dayShare(d);
    if (share !== null) points.push([left + i * step + step / 2, yShare(share)]);
  });
  if (points.length > 1) chart.append(svg('polyline', { points: points.map((p) => p.join(',')).join(' '), class: 'share-line' }));
  for (const [cx, cy] of points) chart.append(svg('circle', { cx, cy, r: 4, class: 'share-dot' }));

  const legend = el('ul', { class: 'legend', 'aria-hidden': 'true' },
    el('li', {}, el('span', { class: 'swatch created' }), t('created')),
    el('li', {}, el('span', { class: 'swatch completed' }), t('completed')),
    el('li', {}, el('span', { class: 'swatch share' }), t('withinShare')));
  replaceChildren($('chart'), chart, legend);

  replaceChildren($('chart-table'), el('table', {},
    el('caption', { class: 'sr-only' }, t('chartTitle')),
    el('thead', {}, el('tr', {},
      el('th', { scope: 'col' }, t('col.date')),
      el('th', { scope: 'col', class: 'num' }, t('created')),
      el('th', { scope: 'col', class: 'num' }, t('completed')),
      el('th', { scope: 'col', class: 'num' }, t('withinShare')))),
    el('tbody', {}, days.map((d) => el('tr', {},
      el('th', { scope: 'row' }, dayLabel(d.date)),
      el('td', { class: 'num' }, String(d.created ?? 0)),
      el('td', { class: 'num' }, String(d.completed ?? 0)),
      el('td', { class: 'num' }, percent(dayShare(d))))))));
}

// ---------------------------------------------------------------------------------------
// Escalations

async function loadEscalations() {
  try {
    const data = await api('GET', '/v1/sla/escalations', { query: { open: 'true', limit: 100 } });
    state.escalations = data.escalations ?? [];
    $('esc-count').textContent = `(${data.total ?? state.escalations.length})`;
    renderEscalations();
  } catch (e) {
    if (e.status !== 401) showStatus($('esc-status'), t('error', { message: e.message }), 'error');
  }
}

function renderEscalations() {
  const rows = state.escalations.map((e) => {
    const ref = e.reference || e.task_id;
    const question = state.questions.get(e.task_id);
    return el('tr', { dataset: { task: e.task_id } },
      el('th', { scope: 'row', class: 'mono' }, ref),
      el('td', {}, el('span', { class: `badge level-${e.level}` }, t(`level.${e.level}`))),
      el('td', {}, e.due_at ? countdown({ due_at: e.due_at, created_at: e.created_at, breached: true }) : t('none')),
      el('td', {},
        el('div', { class: 'task-tags' },
          e.priority ? el('span', { class: `badge prio-${e.priority}` }, t(`priority.${e.priority}`)) : null,
          e.lang ? el('span', { class: 'badge', lang: e.lang }, e.lang.toUpperCase()) : null,
          e.topic ? el('span', { class: 'topic' }, e.topic) : null,
          e.state ? el('span', { class: 'muted' }, t(`state.${e.state}`)) : null),
        question === undefined
          ? el('button', { type: 'button', class: 'linkish', 'aria-label': t('showQuestionRef', { ref }), onclick: () => loadQuestion(e.task_id) },
            t('showQuestion'))
          : el('p', { class: 'question' }, question)),
      el('td', {}, e.acknowledged_by
        ? el('span', { class: 'muted' }, t('ackBy', { who: e.acknowledged_by }))
        : el('button', { type: 'button', class: 'primary ack', 'aria-label': t('acknowledgeRef', { ref }), onclick: (ev) => acknowledge(e, ev.currentTarget) },
          t('acknowledge'))));
  });
  replaceChildren($('esc-body'), rows.length ? rows : el('tr', {}, el('td', { colspan: 5, class: 'empty' }, t('escNone'))));
}

async function loadQuestion(taskId) {
  try {
    const task = await api('GET', `/v1/callbacks/${encodeURIComponent(taskId)}`, { tenant: false });
    state.questions.set(taskId, (task.questions ?? []).map((q) => excerpt(q.text, 400)).join('\n'));
    renderEscalations();
    document.querySelector(`#esc-body tr[data-task="${CSS.escape(taskId)}"] .question`)?.setAttribute('tabindex', '-1');
    document.querySelector(`#esc-body tr[data-task="${CSS.escape(taskId)}"] .question`)?.focus();
  } catch (e) {
    if (e.status !== 401) showStatus($('esc-status'), t('error', { message: e.message }), 'error');
  }
}

async function acknowledge(escalation, button) {
  const ref = escalation.reference || escalation.task_id;
  button.disabled = true;
  try {
    await api('POST', `/v1/sla/escalations/${encodeURIComponent(escalation.task_id)}/acknowledge`, { tenant: false });
    showStatus($('esc-status'), t('acknowledged', { ref }));
    await Promise.all([loadEscalations(), loadSla()]);
    $('esc-title').setAttribute('tabindex', '-1');
    $('esc-title').focus();
  } catch (e) {
    button.disabled = false;
    if (e.status !== 401) showStatus($('esc-status'), t('error', { message: e.message }), 'error');
  }
}

// ---------------------------------------------------------------------------------------
// Workload and audit

async function loadWorkload() {
  try {
    const data = await api('GET', '/v1/sla/workload');
    state.workload = data.specialists ?? [];
  } catch (e) {
    if (e.status === 401) return;
    state.workload = [];
  }
  const rows = state.workload.map((s) => el('tr', {},
    el('th', { scope: 'row' }, s.name || s.username, s.name ? el('span', { class: 'muted' }, ` (${s.username})`) : null),
    el('td', { class: 'num' }, String(s.claimed ?? 0)),
    el('td', { class: 'num' }, String(s.completed_today ?? 0)),
    el('td', { class: 'num' }, String(s.attempts_today ?? 0))));
  replaceChildren($('work-body'), rows.length ? rows : el('tr', {}, el('td', { colspan: 4, class: 'empty' }, t('workNone'))));
}

async function loadAudit({ more = false } = {}) {
  try {
    const data = await api('GET', '/v1/audit', { query: { limit: 25, before: more ? state.auditNext : undefined } });
    state.audit = more ? [...state.audit, ...(data.entries ?? [])] : data.entries ?? [];
    state.auditNext = data.next ?? null;
  } catch (e) {
    if (e.status === 401) return;
    state.audit = [];
    state.auditNext = null;
  }
  renderAudit();
}

function renderAudit() {
  const rows = state.audit.map((a) => el('tr', {},
    el('td', {}, formatTime(a.at)),
    el('td', {}, a.actor ?? ''),
    el('td', {}, a.action ? t(`action.${a.action}`) : ''),
    el('td', { class: 'mono' }, a.reference ?? ''),
    el('td', { class: 'detail' }, typeof a.detail === 'string' ? a.detail : a.detail ? JSON.stringify(a.detail) : '')));
  replaceChildren($('audit-body'), rows.length ? rows : el('tr', {}, el('td', { colspan: 5, class: 'empty' }, t('auditNone'))));
  $('audit-more').hidden = !state.auditNext;
}

// ---------------------------------------------------------------------------------------

function loadAll() {
  loadSla();
  loadEscalations();
  loadDaily();
  loadWorkload();
  loadAudit();
}

// Events change the tiles and escalations at once; the slower parts follow.
function onEvents() {
  loadSla();
  loadEscalations();
  loadWorkload();
  clearTimeout(state.slowTimer);
  state.slowTimer = setTimeout(() => {
    loadDaily();
    loadAudit();
  }, 2000);
}

$('audit-more').addEventListener('click', () => loadAudit({ more: true }));

startShell({
  titleKey: 'appTitle',
  allowed: (user) => ['supervisor', 'admin'].includes(user.role),
  start() {
    loadAll();
    connectEvents(onEvents);
    state.poll = setInterval(onEvents, 60000);
  },
  stop() {
    clearInterval(state.poll);
    state.questions.clear();
  },
  refresh({ tenant = false } = {}) {
    if (tenant) state.questions.clear();
    if (!tenant) {
      // Language switch: draw again from what we have.
      renderTiles();
      renderChart();
      renderEscalations();
      renderAudit();
    }
    loadAll();
  },
});
