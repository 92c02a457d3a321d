// The supervisor's reports page: what the line did per day or month (GET /v1/reports/daily
// and /monthly), as charts with a table alternative, tables of callbacks and breakdowns, and
// the CSV download for the municipality. See docs/consoles.md, "Reports".
//
// Small counts: the export view shows what the server hides ("<5") exactly as it comes; a
// hidden count is never drawn as a bar of a guessed height but as an open circle on the axis.
import {
  addTexts, t, el, svg, replaceChildren, api, startShell, currentLang, currentTenant, showStatus,
  errorText,
} from '../console/common.js';

addTexts({
  nl: {
    appTitle: 'Rapportages',
    toConsole: 'Naar de terugbelconsole',
    reportsTitle: 'Rapportages',
    reportsIntro: 'Wat de advieslijn deed, per dag of per maand: contacten, vragen, terugbelverzoeken en onderwerpen. Berekend uit de tellers van de lijn: aantallen, geen gegevens van personen.',
    kindLabel: 'Per',
    kind: { daily: 'Dag', monthly: 'Maand' },
    from: 'Van',
    to: 'Tot en met',
    rangeDaily: 'Datums als JJJJ-MM-DD, hoogstens 366 dagen. Leeg: de laatste 7 dagen.',
    rangeMonthly: 'Maanden als JJJJ-MM, hoogstens 24 maanden. Leeg: deze maand.',
    rangeInvalidDaily: 'Deze datums kunnen niet: "Van" moet op of vóór "Tot en met" liggen, en samen hoogstens 366 dagen. Er is geen rapportage getoond.',
    rangeInvalidMonthly: 'Deze maanden kunnen niet: "Van" moet op of vóór "Tot en met" liggen, en samen hoogstens 24 maanden. Er is geen rapportage getoond.',
    viewLabel: 'Kleine aantallen',
    view: {
      suppressed: 'Verbergen als "<5", zoals in de export',
      exact: 'Exact tonen (alleen voor eigen gebruik)',
    },
    show: 'Tonen',
    loaded: 'Rapportage {from} t/m {to} geladen ({view}).',
    loadedView: { suppressed: 'kleine aantallen verborgen', exact: 'exacte aantallen' },
    smallNote: '"<5" betekent 1 tot en met 4: zulke kleine aantallen worden niet getoond, zodat geen gezin herkenbaar is (soms wordt daarom ook een tweede aantal verborgen). In de grafieken staat op die plek geen staaf maar een open rondje.',
    exactNote: 'Exacte aantallen: alleen voor eigen gebruik. Deel deze cijfers niet buiten de lijn; de download verbergt kleine aantallen altijd.',
    downloadTitle: 'Downloaden',
    downloadIntro: 'Deze rapportage als CSV-bestand (UTF-8). Aantallen onder 5 staan er altijd als "<5" in, ook als je hierboven exacte aantallen kiest.',
    csvExcel: 'Puntkomma als scheidingsteken (Nederlandse Excel)',
    downloadCsv: 'CSV downloaden',
    asTable: 'Als tabel',
    total: 'Totaal',
    contactsTitle: 'Contacten per kanaal',
    contactsLabel: 'Staafdiagram van het aantal contacten per {period}, per kanaal.',
    questionsTitle: 'Wat er met vragen gebeurde',
    questionsLabel: 'Staafdiagram van de vragen per {period}: direct beantwoord, keuze aangeboden, naar een specialist, spoed.',
    periodWord: { daily: 'dag', monthly: 'maand' },
    hiddenMark: 'minder dan 5 (niet getoond)',
    channel: { voice: 'Telefoon', sms: 'SMS', whatsapp: 'WhatsApp', chat: 'Chat', form: 'Webformulier' },
    question: { answered: 'Direct beantwoord', choices: 'Keuze aangeboden', handoff: 'Naar specialist', urgent: 'Spoed' },
    callbacksTitle: 'Terugbelverzoeken',
    callbacksTable: 'Tabel van de terugbelverzoeken',
    callbacksIntro: 'Per dag of maand waarin het verzoek binnenkwam of werd afgerond; tijden in minuten.',
    cb: {
      created: 'Binnengekomen', completed: 'Afgerond', within_sla: 'Binnen termijn', share: 'Deel binnen termijn',
      first_median: 'Tot eerste belpoging, mediaan', first_p90: 'Tot eerste belpoging, 90%',
      done_median: 'Tot afronding, mediaan', done_p90: 'Tot afronding, 90%',
    },
    col: { period: 'Periode', key: 'Wat', count: 'Aantal', article: 'Artikel', lang: 'Taal', helped: 'Geholpen', notHelped: 'Niet geholpen' },
    breakdown: {
      topics: 'Onderwerpen', risk_categories: 'Risicosignalen', outcomes: 'Uitkomsten van terugbellen',
      referrals: 'Doorverwezen naar', languages: 'Talen', calls_per_task: 'Belpogingen per taak',
      contacts_by_hour: 'Contacten per uur van de dag', feedback: 'Heeft het antwoord geholpen?',
    },
    breakdownNote: 'Over de hele periode.',
    nothing: 'Niets in deze periode.',
    callsN: '{n} keer gebeld',
    hourRange: '{from}:00–{to}:00',
    language: { nl: 'Nederlands', en: 'Engels' },
  },
  en: {
    appTitle: 'Reports',
    toConsole: 'To the callback console',
    reportsTitle: 'Reports',
    reportsIntro: 'What the advice line did, per day or per month: contacts, questions, callback requests and topics. Computed from the line\'s counters: numbers, no personal data.',
    kindLabel: 'Per',
    kind: { daily: 'Day', monthly: 'Month' },
    from: 'From',
    to: 'To (inclusive)',
    rangeDaily: 'Dates as YYYY-MM-DD, at most 366 days. Empty: the last 7 days.',
    rangeMonthly: 'Months as YYYY-MM, at most 24 months. Empty: this month.',
    rangeInvalidDaily: 'These dates cannot be used: "From" must be on or before "To", together at most 366 days. No report is shown.',
    rangeInvalidMonthly: 'These months cannot be used: "From" must be on or before "To", together at most 24 months. No report is shown.',
    viewLabel: 'Small counts',
    view: {
      suppressed: 'Hide as "<5", as in the export',
      exact: 'Show exactly (for your own use only)',
    },
    show: 'Show',
    loaded: 'Report {from} to {to} loaded ({view}).',
    loadedView: { suppressed: 'small counts hidden', exact: 'exact counts' },
    smallNote: '"<5" means 1 to 4: such small counts are not shown, so that no family can be recognised (which is why a second count is sometimes hidden too). The charts show an open circle instead of a bar there.',
    exactNote: 'Exact counts: for your own use only. Do not share these figures outside the line; the download always hides small counts.',
    downloadTitle: 'Download',
    downloadIntro: 'This report as a CSV file (UTF-8). Counts below 5 are always "<5" in it, even when you choose exact counts above.',
    csvExcel: 'Semicolon as separator (Dutch Excel)',
    downloadCsv: 'Download CSV',
    asTable: 'As a table',
    total: 'Total',
    contactsTitle: 'Contacts by channel',
    contactsLabel: 'Bar chart of the number of contacts per {period}, by channel.',
    questionsTitle: 'What happened to questions',
    questionsLabel: 'Bar chart of the questions per {period}: answered at once, choices offered, to a specialist, urgent.',
    periodWord: { daily: 'day', monthly: 'month' },
    hiddenMark: 'fewer than 5 (not shown)',
    channel: { voice: 'Phone', sms: 'SMS', whatsapp: 'WhatsApp', chat: 'Chat', form: 'Web form' },
    question: { answered: 'Answered at once', choices: 'Choices offered', handoff: 'To a specialist', urgent: 'Urgent' },
    callbacksTitle: 'Callback requests',
    callbacksTable: 'Table of the callback requests',
    callbacksIntro: 'By the day or month the request came in or was completed; times in minutes.',
    cb: {
      created: 'Created', completed: 'Completed', within_sla: 'Within deadline', share: 'Share within deadline',
      first_median: 'To first call, median', first_p90: 'To first call, 90%',
      done_median: 'To completion, median', done_p90: 'To completion, 90%',
    },
    col: { period: 'Period', key: 'What', count: 'Count', article: 'Article', lang: 'Language', helped: 'Helped', notHelped: 'Did not help' },
    breakdown: {
      topics: 'Topics', risk_categories: 'Risk signals', outcomes: 'Outcomes of callbacks',
      referrals: 'Referred to', languages: 'Languages', calls_per_task: 'Call attempts per task',
      contacts_by_hour: 'Contacts by hour of day', feedback: 'Did the answer help?',
    },
    breakdownNote: 'Over the whole period.',
    nothing: 'Nothing in this period.',
    callsN: 'called {n} times',
    hourRange: '{from}:00–{to}:00',
    language: { nl: 'Dutch', en: 'English' },
  },
});

const $ = (id) => document.getElementById(id);
const HIDDEN = '<5';
const CHANNELS = ['voice', 'sms', 'whatsapp', 'chat', 'form'];
const DECISIONS = ['answered', 'choices', 'handoff', 'urgent'];

const state = { report: null, kind: 'daily', loading: 0 };

// ---------------------------------------------------------------------------------------
// Values: a number, "<5" (hidden) or null (nothing to compute from).

const locale = () => (currentLang() === 'nl' ? 'nl-NL' : 'en-GB');
const isNumber = (v) => typeof v === 'number' && Number.isFinite(v);

function formatValue(v) {
  if (v === HIDDEN) return HIDDEN;
  return isNumber(v) ? v.toLocaleString(locale()) : t('none');
}

// Within the deadline as a share of completed, only from two shown numbers.
function share(within, completed) {
  if (!isNumber(within) || !isNumber(completed) || completed <= 0) return t('none');
  return `${Math.round((within / completed) * 100)}%`;
}

// A table cell for a value; a hidden one is marked, so styles and tests can find it.
const valueCell = (v) => el('td', { class: v === HIDDEN ? 'num hidden-count' : 'num' }, formatValue(v));

function periodLabel(period, { short = false } = {}) {
  if (period === 'total') return t('total');
  const month = /^\d{4}-\d{2}$/.test(period);
  const d = new Date(`${month ? `${period}-15` : period}T12:00:00Z`);
  if (Number.isNaN(d.getTime())) return period;
  const options = month
    ? { month: short ? 'short' : 'long', year: 'numeric', timeZone: 'UTC' }
    : { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' };
  return d.toLocaleDateString(locale(), options);
}

// ---------------------------------------------------------------------------------------
// Loading

function readForm() {
  const view = document.querySelector('input[name="view"]:checked')?.value ?? 'suppressed';
  return { kind: $('report-kind').value, from: $('report-from').value, to: $('report-to').value, view };
}

// Daily reports take dates, monthly ones months; the server picks the defaults (the last 7
// Dutch days, this month) on its own clock when the fields are empty.
function setKind(kind) {
  state.kind = kind;
  for (const id of ['report-from', 'report-to']) {
    const input = $(id);
    input.type = kind === 'monthly' ? 'month' : 'date';
    input.value = '';
  }
  $('report-range-hint').textContent = t(kind === 'monthly' ? 'rangeMonthly' : 'rangeDaily');
}

async function load() {
  const { kind, from, to, view } = readForm();
  const ticket = ++state.loading;
  showStatus($('report-status'), t('loading'));
  let report;
  try {
    report = await api('GET', `/v1/reports/${kind}`, { query: { from, to, exact: view === 'exact' ? 'true' : undefined } });
  } catch (e) {
    if (ticket !== state.loading || e.status === 401) return;
    // The report on screen is not the range asked for: it goes, with its CSV link, so nobody
    // reads or sends the municipality the previous figures as if they were these (a tester's
    // finding). The fields keep what was typed, to be mended.
    clearReport();
    showStatus($('report-status'), errorText(e, {
      invalid_input: t(kind === 'monthly' ? 'rangeInvalidMonthly' : 'rangeInvalidDaily'),
    }), 'error');
    return;
  }
  if (ticket !== state.loading) return; // a newer request is under way
  state.report = report;
  $('report-from').value = report.from;
  $('report-to').value = report.to;
  render();
  showStatus($('report-status'), t('loaded', {
    from: periodLabel(report.periods[0]?.period ?? report.from),
    to: periodLabel(report.periods.at(-1)?.period ?? report.to),
    view: t(`loadedView.${report.small_counts}`),
  }));
}

function clearReport() {
  state.report = null;
  $('report').hidden = true;
  $('csv-download').removeAttribute('href');
  for (const id of ['contacts-chart', 'contacts-table', 'questions-chart', 'questions-table', 'callbacks-table', 'breakdowns'])
    replaceChildren($(id));
}

// The CSV of the report on screen: always with small counts hidden (the server refuses
// exact=true for CSV), with `;` for Dutch Excel when asked.
function updateDownload() {
  const r = state.report;
  if (!r) return;
  const params = new URLSearchParams();
  if (currentTenant()) params.set('tenant', currentTenant());
  params.set('from', r.from);
  params.set('to', r.to);
  params.set('format', 'csv');
  if ($('csv-excel').checked) params.set('separator', ';');
  $('csv-download').href = `/v1/reports/${r.period}?${params}`;
}

// ---------------------------------------------------------------------------------------
// Charts: grouped bars per period, one bar per series, as inline SVG with a <title>; the same
// figures as a table under "Als tabel". Hidden counts get an open circle on the axis.

// A rounded top for the axis and the step between its grid lines.
function axisScale(max) {
  if (max <= 4) return { top: 4, step: 1 };
  const rough = max / 4;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= rough);
  return { top: Math.ceil(max / step) * step, step };
}

function barChart({ id, label, periods, measure, keys, keyText }) {
  const count = periods.length;
  const groupMin = keys.length * 5 + 6;
  const left = 40, right = 12, top = 12, bottom = 32;
  const W = Math.max(640, left + right + count * groupMin), H = 260;
  const plotW = W - left - right, plotH = H - top - bottom;
  const values = periods.flatMap((p) => keys.map((k) => p[measure]?.[k]));
  const { top: max, step: tick } = axisScale(Math.max(0, ...values.filter(isNumber)));
  const groupW = plotW / Math.max(1, count);
  const barW = Math.max(3, Math.min(22, (groupW * 0.8) / keys.length));
  const base = top + plotH;
  const y = (v) => base - (v / max) * plotH;
  const titleId = `${id}-svg-title`;

  const chart = svg('svg', {
    viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': titleId,
    class: `report-chart${W > 640 ? ' wide' : ''}`, ...(W > 640 ? { width: W, height: H } : {}),
  }, svg('title', { id: titleId }, label));
  for (let v = 0; v <= max; v += tick) {
    chart.append(
      svg('line', { x1: left, x2: W - right, y1: y(v), y2: y(v), class: 'grid-line' }),
      svg('text', { x: left - 6, y: y(v) + 4, class: 'axis', 'text-anchor': 'end' }, v.toLocaleString(locale())));
  }
  // Every period's name where it fits, else every n-th.
  const labelEvery = Math.max(1, Math.ceil(64 / groupW));
  periods.forEach((p, i) => {
    const x0 = left + i * groupW + (groupW - barW * keys.length) / 2;
    keys.forEach((k, j) => {
      const v = p[measure]?.[k];
      const x = x0 + j * barW;
      const data = { 'data-period': p.period, 'data-key': k };
      const what = `${keyText(k)}, ${periodLabel(p.period)}: ${formatValue(v)}`;
      if (v === HIDDEN) {
        chart.append(svg('circle', { cx: x + barW / 2, cy: base - 5, r: Math.min(4, barW / 2), class: 'hidden-mark', ...data },
          svg('title', {}, what)));
      } else if (isNumber(v) && v > 0) {
        chart.append(svg('rect', { x, y: y(v), width: Math.max(1, barW - 1), height: base - y(v), class: `bar s-${k}`, ...data },
          svg('title', {}, what)));
      }
    });
    if (i % labelEvery === 0) {
      chart.append(svg('text', { x: left + i * groupW + groupW / 2, y: H - 10, class: 'axis', 'text-anchor': 'middle' },
        periodLabel(p.period, { short: true })));
    }
  });

  const legend = el('ul', { class: 'legend', 'aria-hidden': 'true' },
    keys.map((k) => el('li', {}, el('span', { class: `swatch s-${k}` }), keyText(k))),
    el('li', {}, el('span', { class: 'swatch hidden-swatch' }), t('hiddenMark')));
  // A chart wider than the card scrolls; the region can then be reached with the keyboard.
  const frame = W > 640
    ? el('div', { class: 'chart-scroll', role: 'region', tabindex: 0, 'aria-labelledby': titleId }, chart)
    : chart;
  replaceChildren($(`${id}-chart`), frame, legend);
}

// The chart's figures as a table: a row per period and the total, a column per series and
// the measure's own total.
function chartTable({ id, caption, periods, total, measure, keys, keyText, totalOf }) {
  const rows = [...periods, total];
  replaceChildren($(`${id}-table`), el('table', { class: 'report-table' },
    el('caption', { class: 'sr-only' }, caption),
    el('thead', {}, el('tr', {},
      el('th', { scope: 'col' }, t('col.period')),
      keys.map((k) => el('th', { scope: 'col', class: 'num' }, keyText(k))),
      el('th', { scope: 'col', class: 'num' }, t('total')))),
    el('tbody', {}, rows.map((p) => el('tr', { class: p.period === 'total' ? 'total-row' : null, dataset: { period: p.period } },
      el('th', { scope: 'row' }, periodLabel(p.period)),
      keys.map((k) => valueCell(p[measure]?.[k])),
      valueCell(totalOf(p)))))));
}

function renderCharts() {
  const r = state.report;
  const periodWord = t(`periodWord.${r.period}`);
  const contacts = {
    periods: r.periods, total: r.total, measure: 'contacts_by_channel', keys: CHANNELS,
    keyText: (k) => t(`channel.${k}`), totalOf: (p) => p.contacts?.total,
  };
  const questions = {
    periods: r.periods, total: r.total, measure: 'questions', keys: DECISIONS,
    keyText: (k) => t(`question.${k}`), totalOf: (p) => p.questions?.total,
  };
  barChart({ id: 'contacts', label: t('contactsLabel', { period: periodWord }), ...contacts });
  chartTable({ id: 'contacts', caption: t('contactsTitle'), ...contacts });
  barChart({ id: 'questions', label: t('questionsLabel', { period: periodWord }), ...questions });
  chartTable({ id: 'questions', caption: t('questionsTitle'), ...questions });
}

// ---------------------------------------------------------------------------------------
// Tables

function renderCallbacks() {
  const r = state.report;
  const columns = [
    ['created', (p) => p.callbacks?.created],
    ['completed', (p) => p.callbacks?.completed],
    ['within_sla', (p) => p.callbacks?.within_sla],
    ['share', (p) => share(p.callbacks?.within_sla, p.callbacks?.completed)],
    ['first_median', (p) => p.time_to_first_call_minutes?.median],
    ['first_p90', (p) => p.time_to_first_call_minutes?.p90],
    ['done_median', (p) => p.time_to_completion_minutes?.median],
    ['done_p90', (p) => p.time_to_completion_minutes?.p90],
  ];
  replaceChildren($('callbacks-table'), el('table', { class: 'report-table' },
    el('caption', { class: 'sr-only' }, t('callbacksTitle')),
    el('thead', {}, el('tr', {},
      el('th', { scope: 'col' }, t('col.period')),
      columns.map(([key]) => el('th', { scope: 'col', class: 'num', dataset: { col: key } }, t(`cb.${key}`))))),
    el('tbody', {}, [...r.periods, r.total].map((p) => el('tr', { class: p.period === 'total' ? 'total-row' : null, dataset: { period: p.period } },
      el('th', { scope: 'row' }, periodLabel(p.period)),
      columns.map(([key, value]) => (key === 'share' ? el('td', { class: 'num' }, value(p)) : valueCell(value(p)))))))));
}

// Zeros left out; largest first, hidden counts after the shown ones, or in the order of the
// keys (hours, calls), which are numbers.
function ordered(entries, byKey) {
  const rank = (v) => (isNumber(v) ? v : v === HIDDEN ? 0.5 : -1);
  const compare = byKey ? (a, b) => Number(a[0]) - Number(b[0])
    : (a, b) => rank(b[1]) - rank(a[1]) || String(a[0]).localeCompare(String(b[0]));
  return entries.filter(([, v]) => v !== 0).sort(compare);
}

function breakdownCard(name, header, rows, colspan) {
  return el('section', { class: 'card', 'aria-labelledby': `bd-${name}-title`, id: `bd-${name}` },
    el('h2', { id: `bd-${name}-title` }, t(`breakdown.${name}`)),
    el('div', { class: 'table-wrap' }, el('table', { class: 'report-table' },
      el('caption', { class: 'sr-only' }, `${t(`breakdown.${name}`)} – ${t('breakdownNote')}`),
      el('thead', {}, el('tr', {}, header)),
      el('tbody', {}, rows.length ? rows : el('tr', {}, el('td', { colspan, class: 'empty' }, t('nothing')))))));
}

// One measure of the whole period: what, and how many.
function countCard(name, { label = (k) => k, byKey = false } = {}) {
  const entries = Object.entries(state.report.total?.[name] ?? {});
  const rows = ordered(entries, byKey).map(([k, v]) => el('tr', { dataset: { key: k } },
    el('th', { scope: 'row' }, label(k)), valueCell(v)));
  return breakdownCard(name, [el('th', { scope: 'col' }, t('col.key')), el('th', { scope: 'col', class: 'num' }, t('col.count'))], rows, 2);
}

// "Did this help?" per article ("nl/driftbuien-peuter"): helped and not helped side by side.
function feedbackCard() {
  const total = state.report.total ?? {};
  const helped = total.feedback_helped ?? {};
  const notHelped = total.feedback_not_helped ?? {};
  const articles = [...new Set([...Object.keys(notHelped), ...Object.keys(helped)])];
  const rows = articles.map((key) => {
    const cut = key.indexOf('/');
    return el('tr', { dataset: { key } },
      el('th', { scope: 'row' }, cut < 0 ? key : key.slice(cut + 1)),
      el('td', {}, cut < 0 ? '' : key.slice(0, cut).toUpperCase()),
      valueCell(helped[key] ?? 0),
      valueCell(notHelped[key] ?? 0));
  });
  return breakdownCard('feedback', [
    el('th', { scope: 'col' }, t('col.article')), el('th', { scope: 'col' }, t('col.lang')),
    el('th', { scope: 'col', class: 'num' }, t('col.helped')), el('th', { scope: 'col', class: 'num' }, t('col.notHelped'))],
  rows, 4);
}

function renderBreakdowns() {
  const hour = (k) => t('hourRange', { from: k, to: String((Number(k) + 1) % 24).padStart(2, '0') });
  replaceChildren($('breakdowns'),
    countCard('topics'),
    countCard('risk_categories', { label: (k) => t(`riskCategory.${k}`) }),
    countCard('outcomes', { label: (k) => t(`outcome.${k}`) }),
    countCard('referrals'),
    feedbackCard(),
    countCard('languages', { label: (k) => t(`language.${k}`) }),
    countCard('calls_per_task', { label: (k) => t('callsN', { n: k }), byKey: true }),
    countCard('contacts_by_hour', { label: hour, byKey: true }));
}

function render() {
  const r = state.report;
  if (!r) return;
  $('report').hidden = false;
  const exact = r.small_counts === 'exact';
  $('small-note').textContent = exact ? t('exactNote') : t('smallNote');
  $('small-note').dataset.kind = exact ? 'exact' : 'suppressed';
  $('report-range-hint').textContent = t(state.kind === 'monthly' ? 'rangeMonthly' : 'rangeDaily');
  renderCharts();
  renderCallbacks();
  renderBreakdowns();
  updateDownload();
}

// ---------------------------------------------------------------------------------------

$('report-form').addEventListener('submit', (event) => {
  event.preventDefault();
  load();
});
$('report-kind').addEventListener('change', () => {
  setKind($('report-kind').value);
  load();
});
for (const radio of document.querySelectorAll('input[name="view"]')) radio.addEventListener('change', load);
$('csv-excel').addEventListener('change', updateDownload);

startShell({
  titleKey: 'appTitle',
  allowed: (user) => ['supervisor', 'admin'].includes(user.role),
  start() {
    // Reports are not live: the header's live indicator would only say "offline".
    $('live').hidden = true;
    setKind($('report-kind').value);
    load();
  },
  stop() {
    clearReport();
  },
  refresh({ tenant = false } = {}) {
    if (tenant) load();
    else render();
  },
});
