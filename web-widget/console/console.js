// The specialist console: the queue, my claimed tasks and one open task (call, record,
// complete), kept current by /v1/events. See docs/consoles.md.
import {
  addTexts, t, el, replaceChildren, updateChildren, announce, excerpt, api, syncClock, serverNow, formatDuration, formatTime,
  countdown, startShell, connectEvents, currentUser, currentTenant, showStatus, describeDetail, describeActor, riskCategories,
  errorText, limitCounter, NOTE_LIMIT,
} from './common.js';
import { suggestReferrals } from './referral.js';

addTexts({
  nl: {
    appTitle: 'Terugbelconsole',
    consoleTitle: 'Terugbelconsole voor specialisten',
    queueTitle: 'Wachtrij',
    mineTitle: 'Mijn taken',
    claimNext: 'Volgende taak oppakken',
    claimedNext: 'Taak {ref} is voor jou.',
    nothingWaiting: 'Er wacht geen taak.',
    queueEmpty: 'De wachtrij is leeg.',
    mineEmpty: 'Je hebt geen taken in behandeling.',
    queueUpdated: 'Wachtrij bijgewerkt: {n} taken.',
    noTaskOpen: 'Kies een taak uit de lijst, of pak de volgende taak op.',
    open: 'Open taak {ref}',
    close: 'Sluiten',
    taskTitle: 'Taak {ref}',
    risk: 'Risico',
    riskFlags: 'Risicosignalen: {flags}',
    concernFlag: 'zorg: {name}',
    riskWords: 'Herkend aan: {words}',
    claim: 'Oppakken',
    renew: 'Claim verlengen',
    release: 'Teruggeven',
    leaseMine: 'Jouw claim loopt nog {time}.',
    leaseExpired: 'Jouw claim is verlopen: de taak kan terug in de wachtrij staan. Claim hem opnieuw voor je belt.',
    leaseSoon: 'Jouw claim loopt nog {time}. Hij wordt vanzelf verlengd zolang deze taak open staat.',
    leaseOther: 'In behandeling bij {holder}.',
    leaseNone: 'Deze taak is nog niet opgepakt.',
    renewed: 'Claim verlengd.',
    released: 'Taak teruggegeven aan de wachtrij.',
    claimed: 'Je hebt taak {ref} opgepakt.',
    leaseLost: 'Je claim op deze taak is verlopen of overgenomen.',
    phone: 'Telefoon:',
    showNumber: 'Toon nummer',
    termsTitle: 'Afspraken voor het terugbellen',
    termsAnyTime: 'Bellen mag op elk moment.',
    termsOnly: 'Alleen bellen: {when}.',
    termsHours: 'tussen {from} en {to}',
    termsNoWeekend: 'niet in het weekend',
    termsAfterDeadline: 'Let op: veilig bellen kan pas vanaf {time}, na de deadline. Overleg met je leidinggevende.',
    termsVoicemailNo: 'Geen voicemail inspreken.',
    termsVoicemailYes: 'Een voicemail inspreken mag.',
    termsAnnounceNo: 'Neutraal melden: noem het CJG niet, alleen je voornaam.',
    termsAnnounceYes: 'Je mag zeggen dat je van het CJG belt.',
    termsAltPhone: 'Ander nummer: {phone}',
    termsNote: 'Let op: {note}',
    voicemailNotAllowed: 'De familie wil geen voicemail: die keuze staat uit.',
    safeCheckText: 'Het is nu buiten de tijden die de familie veilig noemde. Bel alleen als je hebt nagegaan dat het nu veilig is.',
    safeCheckBox: 'Ik heb gecontroleerd dat bellen nu veilig is',
    safeCheckClaim: 'Toch oppakken',
    safeCheckRequired: 'Vink eerst aan dat je hebt gecontroleerd dat bellen nu veilig is.',
    callNumber: 'Bel {phone}',
    questions: 'Vragen',
    history: 'Geschiedenis',
    attemptTitle: 'Belpoging vastleggen',
    attemptResult: 'Resultaat',
    attemptSubmit: 'Belpoging opslaan',
    attemptSaved: 'Belpoging opgeslagen.',
    completeTitle: 'Afronden',
    outcomeLabel: 'Uitkomst',
    referral: 'Doorverwezen naar (partner)',
    referralRequired: 'Vul in naar wie je hebt doorverwezen.',
    completeSubmit: 'Taak afronden',
    completed: 'Taak {ref} is afgerond.',
    riskReviewLegend: 'Was dit een risicosituatie?',
    riskReviewHint: 'Jouw oordeel na het gesprek; het helpt de risicoherkenning te verbeteren.',
    riskVerdict: { confirmed: 'Ja, risico bevestigd', not_risk: 'Nee, geen risico', unsure: 'Weet ik niet zeker' },
    riskCategoryLabel: 'Soort risico',
    riskCategoryChoose: 'Kies het soort risico',
    riskVerdictRequired: 'Geef aan of dit een risicosituatie was.',
    riskCategoryRequired: 'Kies het soort risico.',
    noteTitle: 'Notitie toevoegen',
    note: 'Notitie',
    noteOptional: 'Notitie (niet verplicht)',
    noteSubmit: 'Notitie opslaan',
    noteRequired: 'Schrijf eerst een notitie.',
    noteSaved: 'Notitie opgeslagen.',
    conflict: 'Dat lukt niet meer: iemand anders heeft deze taak al, of hij is afgesloten.',
    notFound: 'Deze taak bestaat niet (meer).',
    unsavedTitle: 'Niet opgeslagen: taak {ref} is niet meer van jou',
    unsavedTitleMany: 'Niet opgeslagen: deze taken zijn niet meer van jou',
    unsavedText: 'Je claim is verlopen, de taak is aan iemand anders gegeven of hij is afgesloten. Wat je typte is NIET opgeslagen. Kopieer het als je het nog nodig hebt, bijvoorbeeld voor je leidinggevende of de specialist die de taak nu heeft.',
    unsavedStatus: 'Taak {ref} is niet meer van jou. Wat je typte is NIET opgeslagen; het staat bovenaan om te kopiëren.',
    unsavedField: {
      'complete-note': 'Notitie bij afronden ({ref})', 'attempt-note': 'Notitie bij belpoging ({ref})',
      'note-text': 'Notitie ({ref})', 'complete-referral': 'Doorverwezen naar ({ref})',
    },
    copy: 'Kopiëren',
    copyLabel: '{field} kopiëren',
    copied: 'Gekopieerd.',
    copyFailed: 'Kopiëren lukte niet. De tekst is geselecteerd: kopieer hem met Ctrl+C.',
    unsavedDismiss: 'Gelezen, weggooien',
    field: {
      state: 'Status', priority: 'Prioriteit', lang: 'Taal', topic: 'Onderwerp', name: 'Naam', window: 'Voorkeurstijd',
      channel: 'Kanaal', created: 'Binnengekomen', due: 'Terugbellen vóór', attempts: 'Belpogingen', outcome: 'Uitkomst',
      riskReview: 'Risico-oordeel',
    },
    window: { any: 'Maakt niet uit', morning: 'Ochtend', afternoon: 'Middag', evening: 'Avond' },
    channel: { voice: 'Telefoon', chat: 'Chat', sms: 'Sms', whatsapp: 'WhatsApp', web_form: 'Webformulier' },
  },
  en: {
    appTitle: 'Callback console',
    consoleTitle: 'Callback console for specialists',
    queueTitle: 'Queue',
    mineTitle: 'My tasks',
    claimNext: 'Claim next task',
    claimedNext: 'Task {ref} is yours.',
    nothingWaiting: 'No task is waiting.',
    queueEmpty: 'The queue is empty.',
    mineEmpty: 'You have no tasks in progress.',
    queueUpdated: 'Queue updated: {n} tasks.',
    noTaskOpen: 'Choose a task from the list, or claim the next task.',
    open: 'Open task {ref}',
    close: 'Close',
    taskTitle: 'Task {ref}',
    risk: 'Risk',
    riskFlags: 'Risk signals: {flags}',
    concernFlag: 'concern: {name}',
    riskWords: 'Recognised by: {words}',
    claim: 'Claim',
    renew: 'Renew claim',
    release: 'Release',
    leaseMine: 'Your claim runs for {time}.',
    leaseExpired: 'Your claim has expired: the task may be back in the queue. Claim it again before you call.',
    leaseSoon: 'Your claim runs for {time}. It is renewed automatically while this task is open.',
    leaseOther: 'In progress with {holder}.',
    leaseNone: 'Nobody has claimed this task yet.',
    renewed: 'Claim renewed.',
    released: 'Task released to the queue.',
    claimed: 'You claimed task {ref}.',
    leaseLost: 'Your claim on this task expired or was taken over.',
    phone: 'Phone:',
    showNumber: 'Show number',
    termsTitle: 'Terms for calling back',
    termsAnyTime: 'Calling is fine at any time.',
    termsOnly: 'Only call: {when}.',
    termsHours: 'between {from} and {to}',
    termsNoWeekend: 'not at the weekend',
    termsAfterDeadline: 'Note: calling safely is only possible from {time}, after the deadline. Talk to your supervisor.',
    termsVoicemailNo: 'Do not leave a voicemail.',
    termsVoicemailYes: 'A voicemail may be left.',
    termsAnnounceNo: 'Neutral announcement: do not mention the CJG, only your first name.',
    termsAnnounceYes: 'You may say that you are calling from the CJG.',
    termsAltPhone: 'Other number: {phone}',
    termsNote: 'Note: {note}',
    voicemailNotAllowed: 'The family does not want a voicemail: that choice is off.',
    safeCheckText: 'It is now outside the times the family said are safe. Only call if you have checked that it is safe now.',
    safeCheckBox: 'I checked that calling now is safe',
    safeCheckClaim: 'Claim anyway',
    safeCheckRequired: 'First tick that you checked that calling now is safe.',
    callNumber: 'Call {phone}',
    questions: 'Questions',
    history: 'History',
    attemptTitle: 'Record a call attempt',
    attemptResult: 'Result',
    attemptSubmit: 'Save attempt',
    attemptSaved: 'Attempt saved.',
    completeTitle: 'Complete',
    outcomeLabel: 'Outcome',
    referral: 'Referred to (partner)',
    referralRequired: 'Enter who you referred the caller to.',
    completeSubmit: 'Complete task',
    completed: 'Task {ref} is completed.',
    riskReviewLegend: 'Was this a risk situation?',
    riskReviewHint: 'Your judgement after the call; it helps improve risk detection.',
    riskVerdict: { confirmed: 'Yes, risk confirmed', not_risk: 'No, not a risk', unsure: 'Not sure' },
    riskCategoryLabel: 'Kind of risk',
    riskCategoryChoose: 'Choose the kind of risk',
    riskVerdictRequired: 'Say whether this was a risk situation.',
    riskCategoryRequired: 'Choose the kind of risk.',
    noteTitle: 'Add a note',
    note: 'Note',
    noteOptional: 'Note (optional)',
    noteSubmit: 'Save note',
    noteRequired: 'Write a note first.',
    noteSaved: 'Note saved.',
    conflict: 'Not possible any more: someone else has this task, or it is closed.',
    notFound: 'This task does not exist (any more).',
    unsavedTitle: 'Not saved: task {ref} is no longer yours',
    unsavedTitleMany: 'Not saved: these tasks are no longer yours',
    unsavedText: 'Your claim expired, the task was given to someone else or it was closed. What you typed was NOT saved. Copy it if you still need it, for instance for your supervisor or the specialist who has the task now.',
    unsavedStatus: 'Task {ref} is no longer yours. What you typed was NOT saved; it is at the top, to copy.',
    unsavedField: {
      'complete-note': 'Completion note ({ref})', 'attempt-note': 'Call attempt note ({ref})',
      'note-text': 'Note ({ref})', 'complete-referral': 'Referred to ({ref})',
    },
    copy: 'Copy',
    copyLabel: 'Copy {field}',
    copied: 'Copied.',
    copyFailed: 'Copying did not work. The text is selected: copy it with Ctrl+C.',
    unsavedDismiss: 'Read, discard',
    field: {
      state: 'State', priority: 'Priority', lang: 'Language', topic: 'Topic', name: 'Name', window: 'Preferred time',
      channel: 'Channel', created: 'Received', due: 'Call back by', attempts: 'Attempts', outcome: 'Outcome',
      riskReview: 'Risk review',
    },
    window: { any: 'Any time', morning: 'Morning', afternoon: 'Afternoon', evening: 'Evening' },
    channel: { voice: 'Phone', chat: 'Chat', sms: 'SMS', whatsapp: 'WhatsApp', web_form: 'Web form' },
  },
});

const RENEW_BEFORE_MS = 5 * 60 * 1000;
const $ = (id) => document.getElementById(id);

const state = {
  queue: [],
  mine: [],
  task: null, // the open task, with history
  phone: null, // the full number once shown, for the open task only
  renewing: false,
  autoRenewedFor: null, // lease_until the automatic renewal was last tried for
  renewRetryAt: 0, // after a failed automatic renewal: when to try again (ms, this clock)
  loadSeq: 0,
  acting: null, // the id of the task this page is changing itself (complete, attempt, release)
  opening: null, // the id of the task last asked for (openTask), shown or about to be
  unsaved: [], // {ref, field, text}: typed for a task whose claim was lost, not saved
};

// A translated enum value, or the value itself when there is no text for it.
const label = (group, value) => (value ? t(`${group}.${value}`) : t('none'));
const isMine = (task) => task?.state === 'claimed' && task.holder === currentUser()?.username;
const isSupervisor = () => ['supervisor', 'admin'].includes(currentUser()?.role);

// ---------------------------------------------------------------------------------------
// Lists

async function loadLists() {
  const seq = ++state.loadSeq;
  try {
    const [queue, mine] = await Promise.all([
      api('GET', '/v1/callbacks', { query: { state: 'queued', limit: 100 } }),
      api('GET', '/v1/callbacks', { query: { state: 'claimed', holder: 'me', limit: 100 } }),
    ]);
    if (seq !== state.loadSeq) return; // a newer load is on its way
    syncClock(mine.now || queue.now);
    const before = state.queue.length;
    state.queue = queue.tasks;
    state.queueTotal = queue.total ?? queue.tasks.length;
    state.mine = mine.tasks;
    renderLists();
    if (before !== state.queue.length) announce(t('queueUpdated', { n: state.queueTotal }));
    showStatus($('queue-status'), '');
  } catch (e) {
    if (e.status !== 401) showStatus($('queue-status'), errorText(e), 'error');
  }
}

function renderLists() {
  $('queue-count').textContent = `(${state.queueTotal ?? state.queue.length})`;
  $('mine-count').textContent = `(${state.mine.length})`;
  renderTaskList($('queue-list'), state.queue, t('queueEmpty'));
  renderTaskList($('mine-list'), state.mine, t('mineEmpty'));
}

// Lists are drawn again on every event; a card whose task did not change stays as it is
// (updateChildren), and a keyboard user's focus on a card stays on it.
function renderTaskList(list, tasks, emptyText) {
  const focusedId = list.contains(document.activeElement) ? document.activeElement.closest('[data-id]')?.dataset.id : null;
  if (!tasks.length) {
    replaceChildren(list, el('li', { class: 'empty' }, emptyText));
    return;
  }
  updateChildren(list, tasks.map((task) => [cardKey(task), () => taskCard(task)]));
  if (focusedId && !list.contains(document.activeElement))
    list.querySelector(`[data-id="${CSS.escape(focusedId)}"] .ref`)?.focus();
}

// Everything a card shows (its countdown ticks by itself), and the page's language.
function cardKey(task) {
  return JSON.stringify([
    task.id, document.documentElement.lang, state.task?.id === task.id, task.reference, task.priority, task.lang, task.topic,
    task.due_at, task.created_at, task.at_risk, task.breached, task.risk_flags, task.risk_words,
    task.questions?.[0]?.text,
  ]);
}

// A risk flag in the page's language: "Suïcide of zelfbeschadiging", and a concern's
// "concern:child_abuse" as "Zorg: Kindermishandeling"; an unknown flag as it is.
function flagName(flag) {
  const concern = flag.startsWith('concern:');
  const category = concern ? flag.slice('concern:'.length) : flag;
  const name = riskCategories().includes(category) ? t(`riskCategory.${category}`) : category;
  return concern ? t('concernFlag', { name }) : name;
}

function riskBadge(task) {
  const flags = task.risk_flags ?? [];
  if (!flags.length) return null;
  const words = task.risk_words ?? [];
  // The words that triggered the flags, so the specialist knows what to ask about first.
  return el('p', { class: 'risk' },
    el('span', { class: 'risk-icon', 'aria-hidden': 'true' }, '!'),
    t('riskFlags', { flags: flags.map(flagName).join(', ') }),
    words.length ? el('span', { class: 'risk-words' }, ' · ' + t('riskWords', { words: words.join('; ') })) : null);
}

function taskCard(task) {
  const question = task.questions?.[0]?.text ?? '';
  const open = state.task?.id === task.id;
  return el('li', { class: 'task-card', dataset: { id: task.id, priority: task.priority }, 'aria-current': open ? 'true' : null },
    el('div', { class: 'card-head' },
      el('button', { type: 'button', class: 'ref', 'aria-label': t('open', { ref: task.reference }), onclick: () => openTask(task.id) },
        task.reference),
      el('span', { class: `badge prio-${task.priority}` }, label('priority', task.priority)),
      el('span', { class: 'badge lang', lang: task.lang }, (task.lang || '').toUpperCase()),
      task.topic ? el('span', { class: 'topic' }, task.topic) : null,
      countdown(task)),
    riskBadge(task),
    el('p', { class: 'excerpt' }, excerpt(question)),
  );
}

// ---------------------------------------------------------------------------------------
// The open task

// The last task asked for wins: a refresh of the task open before (a live queue event, the
// lists' timer) can answer after the specialist opened the next one, and must not put the old
// one back over it (its claim button would vanish under the specialist's click). Answers for
// the same task are all shown, in the order they come: an action's own answer must reach
// showTask while the action is marked as this page's doing (state.acting).
async function openTask(id, { focus = true } = {}) {
  state.opening = id;
  if (state.task?.id !== id) {
    state.phone = null;
    resetForms();
    showStatus($('task-status'), '');
  }
  try {
    const task = await api('GET', `/v1/callbacks/${encodeURIComponent(id)}`, { tenant: false });
    if (state.opening !== id) return;
    showTask(task);
    if (focus) $('task-title').focus();
  } catch (e) {
    if (state.opening !== id) return;
    if (e.status === 404) closeTask(t('notFound'));
    else if (e.status !== 401) showStatus($('queue-status'), errorText(e), 'error');
  }
}

function showTask(task) {
  const wasMine = isMine(state.task) && state.task.id === task.id;
  // Lost by someone else's doing (the lease ran out, a supervisor reassigned, released or
  // cancelled it), not by this page's own complete, attempt or release.
  if (wasMine && !isMine(task) && state.acting !== task.id) {
    if (!keepUnsaved(state.task) && task.state === 'claimed') showStatus($('task-status'), t('leaseLost'), 'error');
  }
  state.task = task;
  $('task-empty').hidden = true;
  $('task-body').hidden = false;
  renderTask();
  renderLists(); // marks the open card
}

function closeTask(message = '') {
  state.task = null;
  state.opening = null;
  state.phone = null;
  state.altPhone = null;
  $('task-body').hidden = true;
  $('task-empty').hidden = false;
  if (message) announce(message);
  renderLists();
}

// ---------------------------------------------------------------------------------------
// Typed but not saved. When the claim on the open task is lost, its forms are hidden (they
// are for the holder) and would be emptied by the next task; testers lost completion notes
// that way. What was typed is copied, read-only, into a box above the task, with a copy
// button and the plain statement that it was not saved, until the specialist discards it.
// It lives in this page only: a logout or an ended session reloads the page, and then it goes
// with everything else of the families (common.js, showLogin).

const TYPED_FIELDS = ['complete-note', 'attempt-note', 'note-text', 'complete-referral'];

// Keeps what is typed in the open task's forms; true when there was anything.
function keepUnsaved(task) {
  const typed = TYPED_FIELDS.map((field) => ({ ref: task.reference, field, text: $(field).value.trim() }))
    .filter((item) => item.text && !state.unsaved.some((u) => u.ref === item.ref && u.field === item.field && u.text === item.text));
  if (!typed.length) return state.unsaved.some((u) => u.ref === task.reference);
  state.unsaved.push(...typed);
  renderUnsaved();
  const message = t('unsavedStatus', { ref: task.reference });
  showStatus($('task-status'), message, 'error');
  announce(message);
  return true;
}

function renderUnsaved() {
  const box = $('unsaved');
  box.hidden = !state.unsaved.length;
  if (!state.unsaved.length) return;
  const refs = new Set(state.unsaved.map((u) => u.ref));
  $('unsaved-title').textContent = refs.size === 1 ? t('unsavedTitle', { ref: [...refs][0] }) : t('unsavedTitleMany');
  replaceChildren($('unsaved-items'), state.unsaved.map((item, i) => {
    const id = `unsaved-${i}`;
    const name = t(`unsavedField.${item.field}`, { ref: item.ref });
    const area = el('textarea', { id, readonly: true, rows: Math.min(6, 1 + Math.ceil(item.text.length / 60)) });
    area.value = item.text;
    return el('div', { class: 'unsaved-item' },
      el('label', { for: id }, name),
      area,
      el('div', { class: 'buttons' },
        el('button', { type: 'button', class: 'secondary', 'aria-label': t('copyLabel', { field: name }), onclick: () => copyText(area) },
          t('copy'))));
  }));
}

// The clipboard needs the page's permission; without it the text is selected for Ctrl+C.
async function copyText(area) {
  try {
    await navigator.clipboard.writeText(area.value);
    showStatus($('unsaved-copy-status'), t('copied'));
  } catch {
    area.focus();
    area.select();
    showStatus($('unsaved-copy-status'), t('copyFailed'), 'error');
  }
}

function resetForms() {
  for (const form of document.querySelectorAll('#task-actions form')) form.reset();
  $('referral-field').hidden = true;
  suggestReferrals(null, $('referral-suggestions'));
  $('risk-category-field').hidden = true;
  $('risk-review').removeAttribute('aria-invalid');
  for (const id of ['attempt-error', 'complete-error', 'note-error']) $(id).textContent = '';
  for (const id of ['attempt-note', 'complete-note', 'note-text']) $(id).removeAttribute('aria-invalid');
}

const riskVerdict = () => document.querySelector('#complete-form input[name="risk_verdict"]:checked')?.value ?? '';

// The category choice, in the page's language; a flag triage set is chosen in advance.
function renderRiskCategories() {
  const select = $('risk-category');
  const keep = select.value || (state.task?.risk_flags ?? []).find((f) => riskCategories().includes(f)) || '';
  replaceChildren(select,
    el('option', { value: '' }, t('riskCategoryChoose')),
    riskCategories().map((c) => el('option', { value: c }, t(`riskCategory.${c}`))));
  select.value = keep;
}

function renderTask() {
  const task = state.task;
  if (!task) return;
  $('task-title').textContent = t('taskTitle', { ref: task.reference });
  replaceChildren($('task-risk'), riskBadge(task));

  const rows = [
    ['state', label('state', task.state)],
    ['priority', label('priority', task.priority)],
    ['due', [countdown(task), ' (', formatTime(task.due_at), ')']],
    ['lang', (task.lang || '').toUpperCase()],
    ['topic', task.topic || t('none')],
    ['name', task.name || t('none')],
    ['window', label('window', task.window)],
    ['channel', label('channel', task.channel)],
    ['created', formatTime(task.created_at)],
    ['attempts', String(task.attempts ?? 0)],
  ];
  if (task.outcome) rows.push(['outcome', label('outcome', task.outcome)]);
  if (task.risk_review) {
    const { verdict, category } = task.risk_review;
    rows.push(['riskReview', [t(`riskVerdict.${verdict}`), category ? ` — ${t(`riskCategory.${category}`)}` : '']]);
  }
  replaceChildren($('task-meta'), rows.map(([key, value]) =>
    el('div', { class: 'meta-row' }, el('dt', {}, t(`field.${key}`)), el('dd', {}, value))));

  const mine = isMine(task);
  $('task-claim').hidden = task.state !== 'queued';
  $('task-renew').hidden = !mine;
  $('task-release').hidden = !(mine || (task.state === 'claimed' && isSupervisor()));
  $('task-actions').hidden = !mine;
  renderLease();

  renderTerms(task);

  $('task-phone-masked').textContent = task.phone_masked || t('none');
  const link = $('task-phone-link');
  link.hidden = !state.phone;
  $('task-phone-masked').hidden = !!state.phone;
  $('task-phone-show').hidden = !!state.phone || !task.phone_masked;
  if (state.phone) {
    link.href = `tel:${state.phone.replace(/[^+\d]/g, '')}`;
    link.textContent = state.phone;
    link.setAttribute('aria-label', t('callNumber', { phone: state.phone }));
  }

  replaceChildren($('task-questions'), (task.questions ?? []).map((q) =>
    el('li', {},
      el('p', { class: 'question' }, q.text),
      el('p', { class: 'muted' }, formatTime(q.at), ' · ', label('channel', q.channel)))));

  replaceChildren($('task-history'), [...(task.history ?? [])].reverse().map((h) =>
    el('li', {},
      el('span', { class: 'muted' }, formatTime(h.at)), ' ',
      el('strong', {}, describeActor(h.actor)), ' ',
      label('action', h.action),
      h.detail ? [' — ', describeDetail(h.action, h.detail)] : null,
      h.note ? el('p', { class: 'note' }, h.note) : null)));
}

// The family's terms for the call, above the number and shown before it is (docs/callbacks.md,
// "Safe callbacks"). The server refuses a voicemail they did not allow; the choice is off here.
function renderTerms(task) {
  const terms = task.terms ?? {};
  const when = [];
  if (terms.hours) when.push(t('termsHours', { from: terms.hours.from, to: terms.hours.to }));
  if (task.window && task.window !== 'any') when.push(label('window', task.window));
  if (terms.no_weekend) when.push(t('termsNoWeekend'));
  const alt = state.altPhone || terms.alt_phone_masked;
  const items = [
    when.length ? t('termsOnly', { when: when.join(', ') }) : t('termsAnyTime'),
    t(terms.voicemail ? 'termsVoicemailYes' : 'termsVoicemailNo'),
    t(terms.announce_cjg ? 'termsAnnounceYes' : 'termsAnnounceNo'),
    alt ? t('termsAltPhone', { phone: alt }) : null,
    terms.note ? t('termsNote', { note: terms.note }) : null,
    // The safe times start after the deadline: the promise cannot be kept safely.
    task.safe_before_due === false && task.first_safe_at
      ? t('termsAfterDeadline', { time: formatTime(task.first_safe_at) })
      : null,
  ].filter(Boolean);
  replaceChildren($('task-terms-list'), items.map((text) => el('li', {}, el('strong', {}, text))));
  const option = document.querySelector('#attempt-result option[value="voicemail"]');
  option.disabled = !terms.voicemail;
  option.title = terms.voicemail ? '' : t('voicemailNotAllowed');
  if (option.disabled && $('attempt-result').value === 'voicemail') $('attempt-result').value = 'no_answer';
  if (task.state !== 'queued') $('safe-check').hidden = true;
}

function renderLease() {
  const task = state.task;
  const node = $('task-lease');
  if (!task) return;
  node.classList.remove('soon');
  if (task.state === 'claimed' && task.lease_until) {
    if (isMine(task)) {
      const left = Date.parse(task.lease_until) - serverNow();
      const soon = left < RENEW_BEFORE_MS;
      node.classList.toggle('soon', soon);
      // Past its time the claim is gone, whatever the page last heard: never a time "left".
      node.textContent = left <= 0 ? t('leaseExpired')
        : t(soon ? 'leaseSoon' : 'leaseMine', { time: formatDuration(left) });
    } else {
      node.textContent = t('leaseOther', { holder: task.holder });
    }
  } else if (task.state === 'queued') {
    node.textContent = t('leaseNone');
  } else {
    node.textContent = '';
  }
}

// While the task view is open, a claim about to run out is renewed once per lease; a renewal
// that failed (the network, a restart) is tried again every ten seconds until the lease ends
// (a tester lost a claim to one failed renewal with the page open and online).
const RENEW_RETRY_MS = 10000;
async function maybeRenew() {
  const task = state.task;
  if (!isMine(task) || state.renewing || !task.lease_until) return;
  const left = Date.parse(task.lease_until) - serverNow();
  if (left > RENEW_BEFORE_MS || left <= 0) return;
  // Tried for this lease already: again only once a failure's retry time has come.
  if (state.autoRenewedFor === task.lease_until && (!state.renewRetryAt || Date.now() < state.renewRetryAt)) return;
  state.autoRenewedFor = task.lease_until;
  state.renewRetryAt = 0;
  const renewed = await renew({ automatic: true });
  if (!renewed) state.renewRetryAt = Date.now() + RENEW_RETRY_MS;
}

async function renew({ automatic = false } = {}) {
  const task = state.task;
  state.renewing = true;
  try {
    const updated = await api('POST', `/v1/callbacks/${encodeURIComponent(task.id)}/renew`, { tenant: false });
    showTask({ ...updated, history: updated.history ?? task.history });
    if (!automatic) showStatus($('task-status'), t('renewed'));
    else announce(t('renewed'));
    return true;
  } catch (e) {
    actionError(e);
    return false;
  } finally {
    state.renewing = false;
  }
}

function actionError(e, target = $('task-status')) {
  if (e.status === 401) return;
  if (e.status === 409) {
    showStatus(target, e.code === 'stale_lease' ? t('leaseLost') : t('conflict'), 'error');
    // Not yours any more, even while the page (or the server, before its next scan) still
    // shows the claim as yours: keep what was typed. Another 409 (a voicemail the family
    // refused, a closed task) is judged when the task comes back fresh (showTask).
    if (e.code === 'stale_lease' && state.task) keepUnsaved(state.task);
    refresh();
  } else if (e.status === 404) {
    closeTask(t('notFound'));
  } else {
    showStatus(target, errorText(e), 'error');
  }
}

// POST an action on the open task; on success show the answer (history fetched again) and
// refresh the lists. Returns the updated task or null.
async function taskAction(path, body, okMessage) {
  const task = state.task;
  state.acting = task.id;
  try {
    await api('POST', `/v1/callbacks/${encodeURIComponent(task.id)}/${path}`, { body, tenant: false });
    await openTask(task.id, { focus: false });
    showStatus($('task-status'), okMessage);
    announce(okMessage);
    loadLists();
    return state.task;
  } catch (e) {
    state.acting = null; // a refusal is no change of our own: showTask judges the fresh task
    actionError(e);
    return null;
  } finally {
    if (state.acting === task.id) state.acting = null;
  }
}

async function claimed(task) {
  const message = t('claimed', { ref: task.reference });
  await openTask(task.id, { focus: false });
  showStatus($('task-status'), message);
  announce(message);
  loadLists();
}

// ---------------------------------------------------------------------------------------
// Buttons and forms

function wire() {
  $('claim-next').addEventListener('click', async () => {
    const button = $('claim-next');
    button.disabled = true;
    try {
      const body = currentTenant() ? { tenant: currentTenant() } : {};
      const { task } = await api('POST', '/v1/callbacks/claim-next', { body, tenant: false });
      if (!task) {
        showStatus($('queue-status'), t('nothingWaiting'));
      } else {
        showStatus($('queue-status'), t('claimedNext', { ref: task.reference }));
        await openTask(task.id);
      }
      loadLists();
    } catch (e) {
      if (e.status !== 401) showStatus($('queue-status'), errorText(e), 'error');
    } finally {
      button.disabled = false;
    }
  });

  $('task-close').addEventListener('click', () => {
    const id = state.task?.id;
    closeTask();
    // Back to the task's card, or to the queue when the task is in no list any more.
    (document.querySelector(`#app [data-id="${CSS.escape(id ?? '')}"] .ref`) ?? $('claim-next')).focus();
  });

  // Outside the family's safe times the server answers 409 outside_safe_time: the specialist
  // then confirms that calling now is safe (the server audits it).
  $('task-claim').addEventListener('click', async () => {
    const task = state.task;
    try {
      await api('POST', `/v1/callbacks/${encodeURIComponent(task.id)}/claim`, { tenant: false });
      await claimed(task);
    } catch (e) {
      if (e.status === 409 && e.code === 'outside_safe_time') {
        $('safe-check-box').checked = false;
        $('safe-check-error').textContent = '';
        $('safe-check').hidden = false;
        $('safe-check-box').focus();
      } else {
        actionError(e);
      }
    }
  });
  $('safe-check-claim').addEventListener('click', async () => {
    if (!$('safe-check-box').checked) {
      $('safe-check-error').textContent = t('safeCheckRequired');
      $('safe-check-box').focus();
      return;
    }
    const task = state.task;
    try {
      await api('POST', `/v1/callbacks/${encodeURIComponent(task.id)}/claim`,
        { body: { checked_safe_time: true }, tenant: false });
      $('safe-check').hidden = true;
      await claimed(task);
    } catch (e) {
      actionError(e);
    }
  });
  $('task-renew').addEventListener('click', () => renew());
  $('unsaved-dismiss').addEventListener('click', () => {
    state.unsaved = [];
    showStatus($('unsaved-copy-status'), '');
    renderUnsaved();
    $('claim-next').focus();
  });
  $('task-release').addEventListener('click', () => taskAction('release', {}, t('released')));

  $('task-phone-show').addEventListener('click', async () => {
    try {
      const { phone, alt_phone: altPhone } = await api('GET', `/v1/callbacks/${encodeURIComponent(state.task.id)}/phone`, { tenant: false });
      state.phone = phone;
      state.altPhone = altPhone || null;
      renderTask();
      $('task-phone-link').focus();
    } catch (e) {
      actionError(e);
    }
  });

  // The three notes show their length against the server's limit, and are not sent past it.
  const tooLong = {};
  for (const id of ['attempt-note', 'complete-note', 'note-text']) tooLong[id] = limitCounter($(id), NOTE_LIMIT);
  // True (and the message shown, the field marked) when the note is over the limit.
  const refuseLong = (id, errorId) => {
    const message = tooLong[id]();
    if (message) $(id).setAttribute('aria-invalid', 'true');
    else $(id).removeAttribute('aria-invalid');
    $(errorId).textContent = message ?? '';
    if (message) $(id).focus();
    return !!message;
  };

  $('attempt-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    if (refuseLong('attempt-note', 'attempt-error')) return;
    const note = $('attempt-note').value.trim();
    const body = { result: $('attempt-result').value, ...(note ? { note } : {}) };
    if (await taskAction('attempts', body, t('attemptSaved'))) $('attempt-form').reset();
  });

  $('complete-outcome').addEventListener('change', () => {
    $('referral-field').hidden = $('complete-outcome').value !== 'referred';
    $('complete-referral').required = !$('referral-field').hidden;
    suggestReferrals($('referral-field').hidden ? null : state.task, $('referral-suggestions'), $('complete-referral'));
  });

  // The risk review is an explicit choice: no verdict is preselected.
  for (const radio of document.querySelectorAll('#complete-form input[name="risk_verdict"]')) {
    radio.addEventListener('change', () => {
      $('risk-review').removeAttribute('aria-invalid');
      $('risk-category-field').hidden = riskVerdict() !== 'confirmed';
      $('risk-category').required = riskVerdict() === 'confirmed';
      if (riskVerdict() === 'confirmed') renderRiskCategories();
    });
  }

  $('complete-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const outcome = $('complete-outcome').value;
    const referral = $('complete-referral').value.trim();
    const note = $('complete-note').value.trim();
    const verdict = riskVerdict();
    const category = $('risk-category').value;
    $('complete-error').textContent = '';
    for (const id of ['complete-referral', 'risk-review', 'risk-category']) $(id).removeAttribute('aria-invalid');
    const refuse = (id, message, focus = $(id)) => {
      $('complete-error').textContent = t(message);
      $(id).setAttribute('aria-invalid', 'true');
      focus.focus();
    };
    if (outcome === 'referred' && !referral) return refuse('complete-referral', 'referralRequired');
    if (!verdict) return refuse('risk-review', 'riskVerdictRequired', document.querySelector('#risk-review input'));
    if (verdict === 'confirmed' && !category) return refuse('risk-category', 'riskCategoryRequired');
    if (refuseLong('complete-note', 'complete-error')) return;
    const body = {
      outcome,
      ...(note ? { note } : {}),
      ...(outcome === 'referred' ? { referral } : {}),
      risk_review: verdict === 'confirmed' ? { verdict, category } : { verdict },
    };
    const ref = state.task.reference;
    if (await taskAction('complete', body, t('completed', { ref }))) resetForms();
  });

  $('note-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const note = $('note-text').value.trim();
    $('note-error').textContent = '';
    $('note-text').removeAttribute('aria-invalid');
    if (!note) {
      $('note-error').textContent = t('noteRequired');
      $('note-text').setAttribute('aria-invalid', 'true');
      $('note-text').focus();
      return;
    }
    if (refuseLong('note-text', 'note-error')) return;
    if (await taskAction('notes', { note }, t('noteSaved'))) $('note-form').reset();
  });
}

// ---------------------------------------------------------------------------------------

let ticker = null;

function refresh({ tenant = false } = {}) {
  if (tenant) closeTask();
  renderUnsaved(); // the language may have changed
  if (!$('risk-category-field').hidden) renderRiskCategories();
  loadLists();
  const open = state.opening ?? state.task?.id;
  if (open) openTask(open, { focus: false });
}

wire();
startShell({
  titleKey: 'appTitle',
  start() {
    loadLists();
    connectEvents(() => refresh());
    // Countdowns tick in common.js; the lease line and its renewal here.
    ticker = setInterval(() => {
      renderLease();
      maybeRenew();
    }, 1000);
    // A slow safety net in case an event was missed without the stream noticing.
    state.poll = setInterval(loadLists, 60000);
  },
  stop() {
    clearInterval(ticker);
    clearInterval(state.poll);
    closeTask();
    state.queue = [];
    state.mine = [];
  },
  refresh,
});
