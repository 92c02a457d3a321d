// Suggestions from the tenant's digital social map when a specialist completes a task as
// "referred": services for the task's topic and risk flags (GET /v1/map/search, nearest to the
// tenant's default area first). Picking one fills the referral field. See docs/social-map.md.
import { addTexts, t, el, replaceChildren, api, announce, riskCategories } from './common.js';

addTexts({
  nl: {
    mapTitle: 'Suggesties uit de sociale kaart',
    mapNone: 'De sociale kaart heeft geen dienst voor dit onderwerp.',
    mapError: 'De sociale kaart is nu niet te laden.',
    mapPick: '{name} invullen als doorverwijzing',
    mapPicked: '{name} ingevuld.',
    mapReferral: 'verwijzing nodig',
    mapCosts: { free: 'gratis', paid: 'betaald', insured: 'vergoed', varies: 'kosten verschillen' },
  },
  en: {
    mapTitle: 'Suggestions from the social map',
    mapNone: 'The social map has no service for this topic.',
    mapError: 'The social map cannot be loaded now.',
    mapPick: 'Fill in {name} as the referral',
    mapPicked: '{name} filled in.',
    mapReferral: 'referral needed',
    mapCosts: { free: 'free', paid: 'paid', insured: 'covered', varies: 'costs vary' },
  },
});

let loads = 0;

// Fills `container` with the suggestions for `task`; a pick writes the name into `input`.
// Nothing is shown for a task without a topic or risk flag.
export async function suggestReferrals(task, container, input) {
  const seq = ++loads;
  replaceChildren(container);
  const risks = (task?.risk_flags ?? []).map((f) => f.replace(/^concern:/, '')).filter((f) => riskCategories().includes(f));
  if (!task || (!task.topic && !risks.length)) return;
  let found;
  try {
    found = await api('GET', '/v1/map/search', {
      query: { tenant: task.tenant, topic: task.topic, risk: [...new Set(risks)].join(','), limit: 5 },
      tenant: false,
    });
  } catch (e) {
    if (seq === loads && e.status !== 404 && e.status !== 401) replaceChildren(container, el('p', { class: 'muted' }, t('mapError')));
    return;
  }
  if (seq !== loads) return; // another task or outcome since
  const titleId = 'referral-suggestions-title';
  if (!found.results.length) {
    replaceChildren(container, el('p', { class: 'muted' }, t('mapNone')));
    return;
  }
  replaceChildren(container,
    el('p', { id: titleId, class: 'suggestions-title' }, t('mapTitle')),
    el('ul', { class: 'suggestions', 'aria-labelledby': titleId }, found.results.map((s) =>
      el('li', {},
        el('button', {
          type: 'button',
          class: 'secondary',
          'aria-label': t('mapPick', { name: s.name }),
          onclick: () => {
            input.value = s.name;
            input.removeAttribute('aria-invalid');
            input.focus();
            announce(t('mapPicked', { name: s.name }));
          },
        }, s.name),
        ' ',
        el('span', { class: 'muted' }, [
          s.contact?.phone, s.area?.municipalities?.join(', '), t(`mapCosts.${s.costs}`), s.referral ? t('mapReferral') : null,
        ].filter(Boolean).join(' · '))))));
}
