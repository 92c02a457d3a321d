// The supervisor dashboard: live SLA tiles, the last 7 days as a chart (with a table), open
// escalations to acknowledge, workload per specialist and the audit log. See docs/consoles.md.
import {
  addTexts, t, el, replaceChildren, updateChildren, announce, excerpt, api, syncClock, formatTime, countdown, startShell,
  connectEvents, currentLang, currentTenant, showStatus, describeDetail, describeActor, svg,
  errorText, limitCounter, NOTE_LIMIT,
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
    urgentAlert: 'Spoed: nu {n} open taken met voorrang (risicosignaal).',
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
    reassign: 'Toewijzen',
    reassignRef: 'Toewijzen: taak {ref}',
    reassignTitle: 'Taak {ref} toewijzen',
    reassignTo: 'Toewijzen aan',
    reassignChoose: 'Kies een medewerker',
    reassignNeedUser: 'Kies aan wie de taak wordt toegewezen.',
    reassignNoUsers: 'Geen actieve medewerkers gevonden.',
    reassignConfirm: 'Toewijzen bevestigen',
    reassigned: 'Taak {ref} is toegewezen aan {who}.',
    reassignSafeText: 'Het is nu buiten de tijden die de familie veilig noemde, en wie de taak krijgt, belt. Wijs alleen toe als je hebt nagegaan dat bellen nu veilig is.',
    reassignSafeBox: 'Ik heb gecontroleerd dat bellen nu veilig is',
    reassignSafeRequired: 'Vink eerst aan dat je hebt gecontroleerd dat bellen nu veilig is.',
    release: 'Vrijgeven',
    releaseRef: 'Vrijgeven: taak {ref}',
    releaseTitle: 'Taak {ref} vrijgeven',
    releaseNote: 'Notitie (optioneel)',
    releaseConfirm: 'Vrijgeven bevestigen',
    released: 'Taak {ref} is vrijgegeven en staat weer in de wachtrij.',
    cancelTask: 'Annuleren',
    cancelRef: 'Annuleren: taak {ref}',
    cancelTitle: 'Taak {ref} annuleren',
    cancelReason: 'Reden',
    cancelReasonHint: 'Bijvoorbeeld: dubbele aanvraag, beller heeft afgezien.',
    cancelNeedReason: 'Geef een reden op.',
    cancelConfirm: 'Annuleren bevestigen',
    cancelled: 'Taak {ref} is geannuleerd; de escalatie is erkend.',
    cancelledOnly: 'Taak {ref} is geannuleerd.',
    closeForm: 'Sluiten',
    role: { specialist: 'specialist', supervisor: 'supervisor', admin: 'beheerder' },
    workTitle: 'Werkverdeling',
    workNone: 'Nog geen specialisten.',
    feedbackTitle: 'Heeft het geholpen?',
    feedbackIntro: 'Wat bellers en chatters over de antwoorden zeiden, vaakst "niet geholpen" eerst.',
    feedbackNone: 'Nog geen reacties op artikelen.',
    callsTitle: 'Telefoongesprekken',
    callsNone: 'Nog geen afgeronde gesprekken.',
    removedArticle: '{id} (niet meer in de kennisbank)',
    withTask: 'met terugbelverzoek',
    callOutcome: { completed: 'Afgerond', abandoned: 'Opgehangen tijdens het gesprek', busy: 'In gesprek', 'no-answer': 'Niet opgenomen', failed: 'Mislukt', canceled: 'Afgebroken' },
    riskTitle: 'Risicosignalen per week',
    riskIntro: 'Wat specialisten na het terugbellen vonden: gemiste signalen (wel risico, niet herkend) en vals alarm (herkend, geen risico).',
    riskNone: 'Nog geen risico-oordelen.',
    riskWeek: 'Week {n} (vanaf {date})',
    riskDownload: 'Gemiste signalen downloaden (TSV)',
    riskDownloadHint: 'Zonder telefoonnummers, e-mailadressen, adressen en namen; voor de redactie van de risicoherkenning.',
    gapsTitle: 'Vragen zonder goed antwoord',
    gapsIntro: 'Vragen waarop de kennisbank geen antwoord had, die naar een specialist gingen of waarbij het antwoord niet hielp, de laatste 4 weken, gegroepeerd op dezelfde woorden. Voor wie de artikelen schrijft.',
    gapsHint: 'Telefoonnummers, e-mailadressen, postcodes en herkenbare namen zijn vervangen door [phone], [email], [postcode] en [name].',
    gapsNone: 'Geen vragen zonder antwoord in deze weken.',
    gapsTotal: '{n} vragen in {groups} groepen.',
    gapSource: { none: 'geen antwoord', handoff: 'naar specialist', not_helped: 'niet geholpen' },
    gapWeek: 'wk {n}: {count}',
    auditTitle: 'Auditlog',
    auditNone: 'Nog geen regels.',
    more: 'Meer laden',
    col: {
      reference: 'Referentie', level: 'Niveau', due: 'Termijn', task: 'Taak', action: 'Actie', specialist: 'Specialist',
      claimed: 'In behandeling', completedToday: 'Vandaag afgerond', attemptsToday: 'Belpogingen vandaag',
      at: 'Tijd', actor: 'Door', auditAction: 'Handeling', detail: 'Details', date: 'Datum',
      article: 'Artikel', lang: 'Taal', helped: 'Geholpen', notHelped: 'Niet geholpen', outcome: 'Uitkomst', count: 'Aantal',
      week: 'Week', missed: 'Gemist', falseAlarms: 'Vals alarm', hits: 'Terecht herkend', unsure: 'Onzeker',
      questions: 'Vragen (voorbeelden)', perWeek: 'Per week', how: 'Hoe',
      missedCategories: 'Gemist, per soort',
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
    urgentAlert: 'Urgent: {n} open tasks now have priority (risk signal).',
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
    reassign: 'Reassign',
    reassignRef: 'Reassign: task {ref}',
    reassignTitle: 'Reassign task {ref}',
    reassignTo: 'Reassign to',
    reassignChoose: 'Choose a colleague',
    reassignNeedUser: 'Choose who takes the task.',
    reassignNoUsers: 'No active accounts found.',
    reassignConfirm: 'Confirm reassignment',
    reassigned: 'Task {ref} has been reassigned to {who}.',
    reassignSafeText: 'It is now outside the times the family said are safe, and whoever gets the task will call. Only reassign if you have checked that calling now is safe.',
    reassignSafeBox: 'I checked that calling now is safe',
    reassignSafeRequired: 'First tick that you checked that calling now is safe.',
    release: 'Release',
    releaseRef: 'Release: task {ref}',
    releaseTitle: 'Release task {ref}',
    releaseNote: 'Note (optional)',
    releaseConfirm: 'Confirm release',
    released: 'Task {ref} has been released and is back in the queue.',
    cancelTask: 'Cancel',
    cancelRef: 'Cancel: task {ref}',
    cancelTitle: 'Cancel task {ref}',
    cancelReason: 'Reason',
    cancelReasonHint: 'For example: duplicate request, caller withdrew.',
    cancelNeedReason: 'Give a reason.',
    cancelConfirm: 'Confirm cancellation',
    cancelled: 'Task {ref} has been cancelled; the escalation is acknowledged.',
    cancelledOnly: 'Task {ref} has been cancelled.',
    closeForm: 'Close',
    role: { specialist: 'specialist', supervisor: 'supervisor', admin: 'administrator' },
    workTitle: 'Workload',
    workNone: 'No specialists yet.',
    feedbackTitle: 'Did it help?',
    feedbackIntro: 'What callers and chatters said about the answers, most often "did not help" first.',
    feedbackNone: 'No feedback on articles yet.',
    callsTitle: 'Phone calls',
    callsNone: 'No finished calls yet.',
    removedArticle: '{id} (no longer in the knowledge base)',
    withTask: 'with a callback request',
    callOutcome: { completed: 'Completed', abandoned: 'Hung up mid-call', busy: 'Busy', 'no-answer': 'No answer', failed: 'Failed', canceled: 'Cancelled' },
    riskTitle: 'Risk signals per week',
    riskIntro: 'What specialists found after calling back: missed signals (a risk that was not recognised) and false alarms (recognised, no risk).',
    riskNone: 'No risk reviews yet.',
    riskWeek: 'Week {n} (from {date})',
    riskDownload: 'Download missed signals (TSV)',
    riskDownloadHint: 'Without phone numbers, e-mail addresses, addresses and names; for the editors of risk detection.',
    gapsTitle: 'Questions without a good answer',
    gapsIntro: 'Questions the knowledge base had no answer to, that went to a specialist, or where the answer did not help, the last 4 weeks, grouped by the same words. For whoever writes the articles.',
    gapsHint: 'Phone numbers, e-mail addresses, postcodes and recognisable names are replaced by [phone], [email], [postcode] and [name].',
    gapsNone: 'No questions without an answer in these weeks.',
    gapsTotal: '{n} questions in {groups} groups.',
    gapSource: { none: 'no answer', handoff: 'to a specialist', not_helped: 'did not help' },
    gapWeek: 'wk {n}: {count}',
    auditTitle: 'Audit log',
    auditNone: 'No entries yet.',
    more: 'Load more',
    col: {
      reference: 'Reference', level: 'Level', due: 'Deadline', task: 'Task', action: 'Action', specialist: 'Specialist',
      claimed: 'In progress', completedToday: 'Completed today', attemptsToday: 'Attempts today',
      at: 'Time', actor: 'By', auditAction: 'Action', detail: 'Details', date: 'Date',
      article: 'Article', lang: 'Language', helped: 'Helped', notHelped: 'Did not help', outcome: 'Outcome', count: 'Count',
      week: 'Week', missed: 'Missed', falseAlarms: 'False alarms', hits: 'Recognised', unsure: 'Unsure',
      questions: 'Questions (examples)', perWeek: 'Per week', how: 'How',
      missedCategories: 'Missed, by kind',
    },
  },
});

const $ = (id) => document.getElementById(id);
const state = {
  sla: null, daily: [], escalations: [], questions: new Map(), forms: new Map(), users: null, workload: [], audit: [], auditNext: null,
  feedback: null, risk: null, gaps: null,
};

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
    if (before && sla.urgent > before.urgent) announce(t('urgentAlert', { n: sla.urgent }));
    else if (before && sla.breached > before.breached) announce(t('breachAlert', { n: sla.breached }));
    else if (before && sla.at_risk > before.at_risk) announce(t('riskAlert', { n: sla.at_risk }));
    showStatus($('tiles-status'), '');
  } catch (e) {
    if (e.status !== 401) showStatus($('tiles-status'), errorText(e), 'error');
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
    if (e.status !== 401) replaceChildren($('chart'), el('p', { class: 'error' }, errorText(e)));
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
    if (e.status !== 401) showStatus($('esc-status'), errorText(e), 'error');
  }
}

// Tasks that can still be acted on (a closed task keeps its escalation until acknowledged).
const isOpen = (e) => e.state === 'queued' || e.state === 'claimed';

function renderEscalations() {
  // The rows are drawn again on every event: keep an open form (with what was typed) and put
  // the focus back where it was.
  const active = document.activeElement;
  const focusKey = $('esc-body').contains(active) ? active.dataset.focus : undefined;
  const live = new Set(state.escalations.filter(isOpen).map((e) => e.task_id));
  for (const id of [...state.forms.keys()]) if (!live.has(id)) state.forms.delete(id);

  const rows = state.escalations.flatMap((e) => {
    const ref = e.reference || e.task_id;
    const question = state.questions.get(e.task_id);
    const form = state.forms.get(e.task_id);
    // Everything the row shows, so an unchanged row is kept as it is (updateChildren).
    const rowKey = (formKind) => JSON.stringify([e.task_id, document.documentElement.lang, ref, e.level, e.due_at,
      e.created_at, e.priority, e.lang, e.topic, e.state, e.acknowledged_by, question, formKind]);
    const row = () => el('tr', { class: 'esc-row', dataset: { task: e.task_id } },
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
          ? el('button', { type: 'button', class: 'linkish', 'aria-label': t('showQuestionRef', { ref }), dataset: { focus: `${e.task_id}:question` }, onclick: () => loadQuestion(e.task_id) },
            t('showQuestion'))
          : el('p', { class: 'question' }, question)),
      el('td', {}, el('div', { class: 'esc-actions' },
        e.acknowledged_by
          ? el('span', { class: 'muted' }, t('ackBy', { who: e.acknowledged_by }))
          : el('button', { type: 'button', class: 'primary ack', 'aria-label': t('acknowledgeRef', { ref }), dataset: { focus: `${e.task_id}:ack` }, onclick: (ev) => acknowledge(e, ev.currentTarget) },
            t('acknowledge')),
        isOpen(e) ? formToggle(e, 'reassign', t('reassign'), t('reassignRef', { ref })) : null,
        e.state === 'claimed' ? formToggle(e, 'release', t('release'), t('releaseRef', { ref })) : null,
        isOpen(e) ? formToggle(e, 'cancel', t('cancelTask'), t('cancelRef', { ref }), 'danger') : null)));
    if (!form) return [[rowKey(null), row]];
    // A form for a state the task has left (released meanwhile) goes away.
    if (form.kind === 'release' && e.state !== 'claimed') {
      state.forms.delete(e.task_id);
      return [[rowKey(null), row]];
    }
    const formRow = () => el('tr', { class: 'esc-form-row', dataset: { task: e.task_id } }, el('td', { colspan: 5 }, form.node));
    return [[rowKey(form.kind), row], [JSON.stringify([e.task_id, 'form', form.kind]), formRow]];
  });
  if (rows.length) updateChildren($('esc-body'), rows);
  else replaceChildren($('esc-body'), el('tr', {}, el('td', { colspan: 5, class: 'empty' }, t('escNone'))));

  if (active && $('esc-body').contains(active)) {
    const { selectionStart: from, selectionEnd: to } = active;
    active.focus();
    if (typeof from === 'number' && active.setSelectionRange) active.setSelectionRange(from, to);
  } else if (focusKey) $('esc-body').querySelector(`[data-focus="${CSS.escape(focusKey)}"]`)?.focus();
}

const formId = (taskId, kind) => `esc-${kind}-${taskId}`;

// A button that opens (or closes) the task's inline form for one action.
function formToggle(escalation, kind, text, label, cls = 'secondary') {
  const open = state.forms.get(escalation.task_id)?.kind === kind;
  return el('button', {
    type: 'button', class: `${cls} esc-${kind}`, 'aria-label': label, 'aria-expanded': open ? 'true' : 'false',
    'aria-controls': open ? formId(escalation.task_id, kind) : undefined, dataset: { focus: `${escalation.task_id}:${kind}` },
    onclick: () => (open ? closeForm(escalation.task_id, true) : openForm(escalation, kind)),
  }, text);
}

function closeForm(taskId, refocus = false) {
  const kind = state.forms.get(taskId)?.kind;
  state.forms.delete(taskId);
  renderEscalations();
  if (refocus && kind) $('esc-body').querySelector(`[data-focus="${CSS.escape(`${taskId}:${kind}`)}"]`)?.focus();
}

function openForm(escalation, kind) {
  const build = { reassign: reassignForm, release: releaseForm, cancel: cancelForm }[kind];
  state.forms.set(escalation.task_id, { kind, node: build(escalation) });
  renderEscalations();
  const node = state.forms.get(escalation.task_id)?.node;
  node?.querySelector('select, input, textarea')?.focus();
  if (kind === 'reassign') fillUsers(node);
}

// The frame of an inline form: a named group, its fields, an error line, confirm and close.
function actionForm(escalation, kind, { title, fields, confirm, confirmClass = 'primary', onsubmit }) {
  const id = formId(escalation.task_id, kind);
  const error = el('p', { class: 'error', id: `${id}-error`, role: 'alert' });
  const form = el('form', { class: 'esc-form', id, novalidate: true },
    el('fieldset', {},
      el('legend', {}, title),
      el('div', { class: 'esc-fields' }, fields),
      error,
      el('div', { class: 'esc-buttons' },
        el('button', { type: 'submit', class: confirmClass }, confirm),
        el('button', { type: 'button', class: 'secondary', onclick: () => closeForm(escalation.task_id, true) }, t('closeForm')))));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    error.textContent = '';
    const submit = form.querySelector('button[type="submit"]');
    submit.disabled = true;
    try {
      await onsubmit({ form, error });
    } finally {
      submit.disabled = false;
    }
  });
  form.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape') closeForm(escalation.task_id, true);
  });
  return form;
}

function field(id, label, control, hint) {
  if (hint) control.setAttribute('aria-describedby', `${id}-hint`);
  return el('div', { class: 'field' },
    el('label', { for: id }, label),
    control,
    hint ? el('span', { class: 'muted', id: `${id}-hint` }, hint) : null);
}

function invalid(control, error, message) {
  control.setAttribute('aria-invalid', 'true');
  control.setAttribute('aria-errormessage', error.id);
  error.textContent = message;
  control.focus();
}

function reassignForm(escalation) {
  const ref = escalation.reference || escalation.task_id;
  const id = `${formId(escalation.task_id, 'reassign')}-to`;
  const select = el('select', { id, name: 'to', class: 'esc-to', required: true },
    el('option', { value: '' }, t('loading')));
  // Shown when the server answers 409 outside_safe_time: the family's safe times have not
  // come, and the supervisor confirms (audited) that a call now is safe, as a claimer would.
  const check = el('input', { id: `${id}-safe`, type: 'checkbox', name: 'checked_safe_time' });
  const safe = el('div', { class: 'field safe-check', hidden: true },
    el('p', { id: `${id}-safe-text` }, t('reassignSafeText')),
    el('label', { for: `${id}-safe` }, check, ' ', t('reassignSafeBox')));
  check.setAttribute('aria-describedby', `${id}-safe-text`);
  return actionForm(escalation, 'reassign', {
    title: t('reassignTitle', { ref }),
    fields: [field(id, t('reassignTo'), select), safe],
    confirm: t('reassignConfirm'),
    async onsubmit({ error }) {
      select.removeAttribute('aria-invalid');
      check.removeAttribute('aria-invalid');
      if (!select.value) return invalid(select, error, t('reassignNeedUser'));
      if (!safe.hidden && !check.checked) return invalid(check, error, t('reassignSafeRequired'));
      const user = state.users?.find((u) => u.username === select.value);
      const who = user?.name || select.value;
      const body = { to: select.value };
      if (!safe.hidden) body.checked_safe_time = true;
      await act(escalation, 'reassign', body, t('reassigned', { ref, who }), error, (e) => {
        if (e.status !== 409 || e.code !== 'outside_safe_time') return false;
        safe.hidden = false;
        error.textContent = t('reassignSafeText');
        check.focus();
        return true;
      });
    },
  });
}

async function fillUsers(form) {
  const select = form?.querySelector('select.esc-to');
  if (!select) return;
  try {
    state.users ??= (await api('GET', '/v1/users')).users ?? [];
  } catch (e) {
    if (e.status !== 401) replaceChildren(select, el('option', { value: '' }, errorText(e)));
    return;
  }
  const keep = select.value;
  const users = [...state.users].sort((a, b) => (a.name || a.username).localeCompare(b.name || b.username));
  replaceChildren(select,
    el('option', { value: '' }, users.length ? t('reassignChoose') : t('reassignNoUsers')),
    users.map((u) => el('option', { value: u.username },
      `${u.name || u.username}${u.name ? ` (${u.username})` : ''}${u.role ? ` – ${t(`role.${u.role}`)}` : ''}`)));
  if (keep) select.value = keep;
}

function releaseForm(escalation) {
  const ref = escalation.reference || escalation.task_id;
  const id = `${formId(escalation.task_id, 'release')}-note`;
  const note = el('input', { id, name: 'note', type: 'text', autocomplete: 'off' });
  const noteField = field(id, t('releaseNote'), note);
  const tooLong = limitCounter(note, NOTE_LIMIT);
  return actionForm(escalation, 'release', {
    title: t('releaseTitle', { ref }),
    fields: noteField,
    confirm: t('releaseConfirm'),
    async onsubmit({ error }) {
      note.removeAttribute('aria-invalid');
      if (tooLong()) return invalid(note, error, tooLong());
      await act(escalation, 'release', note.value.trim() ? { note: note.value.trim() } : {}, t('released', { ref }), error);
    },
  });
}

function cancelForm(escalation) {
  const ref = escalation.reference || escalation.task_id;
  const id = `${formId(escalation.task_id, 'cancel')}-reason`;
  const reason = el('input', { id, name: 'reason', type: 'text', required: true, autocomplete: 'off' });
  const reasonField = field(id, t('cancelReason'), reason, t('cancelReasonHint'));
  const tooLong = limitCounter(reason, NOTE_LIMIT);
  return actionForm(escalation, 'cancel', {
    title: t('cancelTitle', { ref }),
    fields: reasonField,
    confirm: t('cancelConfirm'),
    confirmClass: 'danger',
    async onsubmit({ error }) {
      reason.removeAttribute('aria-invalid');
      if (!reason.value.trim()) return invalid(reason, error, t('cancelNeedReason'));
      if (tooLong()) return invalid(reason, error, tooLong());
      await act(escalation, 'cancel', { reason: reason.value.trim() }, t('cancelledOnly', { ref }), error);
    },
  });
}

// POST /v1/callbacks/{id}/{action}; on success the form closes, the status line says so and
// the tiles, escalations and workload are fetched again. A cancelled task needs no more
// attention, so its open escalation is acknowledged too (it would stay open otherwise).
// `handled(e)`: true when the form deals with this failure itself.
async function act(escalation, action, body, message, error, handled = () => false) {
  const id = encodeURIComponent(escalation.task_id);
  try {
    await api('POST', `/v1/callbacks/${id}/${action}`, { body, tenant: false });
  } catch (e) {
    if (e.status === 401 || handled(e)) return;
    const text = errorText(e);
    error.textContent = text;
    showStatus($('esc-status'), text, 'error');
    // A 409: the task changed meanwhile; show how it is now.
    if (e.status === 409 || e.status === 404) refreshAfterAction();
    return;
  }
  if (action === 'cancel' && !escalation.acknowledged_by) {
    try {
      await api('POST', `/v1/sla/escalations/${id}/acknowledge`, { tenant: false });
      message = t('cancelled', { ref: escalation.reference || escalation.task_id });
    } catch (e) {
      if (e.status === 401) return;
      // 409: someone acknowledged it meanwhile, which is just as good.
    }
  }
  state.forms.delete(escalation.task_id);
  renderEscalations();
  showStatus($('esc-status'), message);
  $('esc-title').setAttribute('tabindex', '-1');
  $('esc-title').focus();
  await refreshAfterAction();
}

async function loadQuestion(taskId) {
  try {
    const task = await api('GET', `/v1/callbacks/${encodeURIComponent(taskId)}`, { tenant: false });
    state.questions.set(taskId, (task.questions ?? []).map((q) => excerpt(q.text, 400)).join('\n'));
    renderEscalations();
    document.querySelector(`#esc-body tr[data-task="${CSS.escape(taskId)}"] .question`)?.setAttribute('tabindex', '-1');
    document.querySelector(`#esc-body tr[data-task="${CSS.escape(taskId)}"] .question`)?.focus();
  } catch (e) {
    if (e.status !== 401) showStatus($('esc-status'), errorText(e), 'error');
  }
}

async function acknowledge(escalation, button) {
  const ref = escalation.reference || escalation.task_id;
  button.disabled = true;
  try {
    await api('POST', `/v1/sla/escalations/${encodeURIComponent(escalation.task_id)}/acknowledge`, { tenant: false });
    showStatus($('esc-status'), t('acknowledged', { ref }));
    await refreshAfterAction();
    $('esc-title').setAttribute('tabindex', '-1');
    $('esc-title').focus();
  } catch (e) {
    button.disabled = false;
    if (e.status !== 401) showStatus($('esc-status'), errorText(e), 'error');
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

// Article feedback and call outcomes: counts, so they change slowly; loaded with the audit log.
async function loadFeedback() {
  try {
    state.feedback = await api('GET', '/v1/sla/feedback');
  } catch (e) {
    if (e.status === 401) return;
    state.feedback = null;
    replaceChildren($('feedback-body'), el('tr', {}, el('td', { colspan: 4, class: 'error' }, errorText(e))));
    replaceChildren($('calls-body'), []);
    return;
  }
  const articles = state.feedback.articles ?? [];
  replaceChildren($('feedback-body'), articles.length
    ? articles.map((a) => el('tr', {},
      el('th', { scope: 'row' }, a.title ?? t('removedArticle', { id: a.id })),
      el('td', {}, String(a.lang ?? '').toUpperCase()),
      el('td', { class: 'num' }, String(a.helped ?? 0)),
      el('td', { class: 'num' }, String(a.not_helped ?? 0))))
    : el('tr', {}, el('td', { colspan: 4, class: 'empty' }, t('feedbackNone'))));
  const calls = state.feedback.calls ?? [];
  replaceChildren($('calls-body'), calls.length
    ? calls.map((c) => el('tr', {},
      el('th', { scope: 'row' }, t(`callOutcome.${c.outcome}`), c.with_task ? el('span', { class: 'muted' }, ` (${t('withTask')})`) : null),
      el('td', { class: 'num' }, String(c.count ?? 0))))
    : el('tr', {}, el('td', { colspan: 2, class: 'empty' }, t('callsNone'))));
}

// One of the slower parts: fetched into state[key], its status line cleared or showing the
// error, then drawn.
async function loadPart(key, path, query, render) {
  try {
    state[key] = await api('GET', path, { query });
    showStatus($(`${key}-status`), '');
  } catch (e) {
    if (e.status === 401) return;
    state[key] = null;
    showStatus($(`${key}-status`), errorText(e), 'error');
  }
  render();
}

// Risk reviews per ISO week: counts, loaded with the slower parts.
const loadRisk = () => loadPart('risk', '/v1/sla/risk', { weeks: 8 }, renderRisk);

function weekLabel(w) {
  const n = Number(String(w.week).split('-W')[1]);
  const d = new Date(`${w.monday}T12:00:00Z`);
  const date = Number.isNaN(d.getTime()) ? w.monday
    : d.toLocaleDateString(currentLang() === 'nl' ? 'nl-NL' : 'en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
  return t('riskWeek', { n, date });
}

function renderRisk() {
  const link = $('risk-download');
  link.href = currentTenant() ? `/v1/sla/risk/missed?tenant=${encodeURIComponent(currentTenant())}` : '/v1/sla/risk/missed';
  const weeks = [...(state.risk?.weeks ?? [])].reverse(); // this week first
  const any = weeks.some((w) => w.hits || w.missed || w.false_alarms || w.unsure);
  replaceChildren($('risk-body'), any
    ? weeks.map((w) => el('tr', { dataset: { week: w.week } },
      el('th', { scope: 'row' }, weekLabel(w)),
      el('td', { class: 'num' }, String(w.missed ?? 0)),
      el('td', { class: 'num' }, String(w.false_alarms ?? 0)),
      el('td', { class: 'num' }, String(w.hits ?? 0)),
      el('td', { class: 'num' }, String(w.unsure ?? 0)),
      el('td', {}, Object.entries(w.categories ?? {}).filter(([, c]) => c.missed > 0)
        .map(([name, c]) => `${t(`riskCategory.${name}`)}: ${c.missed}`).join(', '))))
    : el('tr', {}, el('td', { colspan: 6, class: 'empty' }, state.risk ? t('riskNone') : t('none'))));
}

// The knowledge-gap report (GET /v1/kb/gaps): the largest groups of the last 4 weeks, with
// their masked example questions, inserted as text.
const loadGaps = () => loadPart('gaps', '/v1/kb/gaps', { weeks: 4, limit: 10 }, renderGaps);

function renderGaps() {
  const weeks = state.gaps?.weeks ?? [];
  const groups = state.gaps?.groups ?? [];
  $('gaps-total').textContent = state.gaps && groups.length
    ? t('gapsTotal', { n: state.gaps.total ?? 0, groups: state.gaps.group_count ?? groups.length }) : '';
  replaceChildren($('gaps-body'), groups.length
    ? groups.map((g) => el('tr', { dataset: { key: g.key } },
      el('td', {}, el('ul', { class: 'gap-examples' }, (g.examples ?? []).map((x) => el('li', {}, x)))),
      el('td', { class: 'num' }, String(g.count ?? 0)),
      el('td', {}, weeks.map((w, i) => ({ w, n: g.per_week?.[i] ?? 0 })).filter(({ n }) => n > 0).reverse()
        .map(({ w, n }) => t('gapWeek', { n: Number(String(w.week).split('-W')[1]), count: n })).join(', ')),
      el('td', {}, Object.entries(g.sources ?? {}).map(([s, n]) => `${t(`gapSource.${s}`)}: ${n}`).join(', '))))
    : el('tr', {}, el('td', { colspan: 4, class: 'empty' }, state.gaps ? t('gapsNone') : t('none'))));
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
    el('td', {}, describeActor(a.actor)),
    el('td', {}, a.action ? t(`action.${a.action}`) : ''),
    el('td', { class: 'mono' }, a.reference ?? ''),
    el('td', { class: 'detail' }, describeDetail(a.action, a.detail))));
  replaceChildren($('audit-body'), rows.length ? rows : el('tr', {}, el('td', { colspan: 5, class: 'empty' }, t('auditNone'))));
  $('audit-more').hidden = !state.auditNext;
}

// ---------------------------------------------------------------------------------------

// The tiles first: their answer carries the server's time, which the escalations' countdowns
// are drawn against.
const loadSlaThenEscalations = () => loadSla().then(loadEscalations);

function loadAll() {
  loadSlaThenEscalations();
  loadDaily();
  loadWorkload();
  loadAudit();
  loadFeedback();
  loadRisk();
  loadGaps();
}

// Events change the tiles and escalations at once; the slower parts follow.
function onEvents() {
  clearTimeout(state.slowTimer);
  state.slowTimer = setTimeout(() => {
    loadDaily();
    loadAudit();
    loadFeedback();
    loadRisk();
    loadGaps();
  }, 2000);
  return Promise.all([loadSlaThenEscalations(), loadWorkload()]);
}

// After an action of our own: the same as an event (which will follow too).
const refreshAfterAction = () => onEvents();

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
    state.forms.clear();
    state.users = null;
  },
  refresh({ tenant = false } = {}) {
    // Open forms are in the old language (or for the other tenant's tasks): close them.
    state.forms.clear();
    if (tenant) {
      state.questions.clear();
      state.users = null;
    }
    if (!tenant) {
      // Language switch: draw again from what we have.
      renderTiles();
      renderChart();
      renderEscalations();
      renderAudit();
      renderRisk();
      renderGaps();
    }
    loadAll();
  },
});
