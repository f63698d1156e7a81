// A post's poll (docs/polls.md): the question, a form of radio buttons or
// checkboxes in a fieldset (« Voter », later « Modifier mon vote »), an
// « Autre » free answer when allowed, the results as text with a bar (the
// bar is decoration: the count and percentage are written), « Sondage
// anonyme » / « Clos » labels, « Clore » and the CSV for its author and
// moderators. Live: a "poll" message naming it makes it read itself again.

import { h, replaceChildren, uid } from './dom.js';
import { t, formatNumber } from './i18n.js';
import { get, put, post as apiPost } from './api.js';
import { alertBox, statusBox, errorMessage, badge, confirmDialog } from './ui.js';
import { shortDateTime } from './dates.js';
import { onLive } from './live.js';

const REFRESH_MS = 1000;

/** createPoll(poll, {signal}) → {element, set(poll)}. */
export function createPoll(initial, { signal } = {}) {
  let poll = initial;
  let editing = false;
  const element = h('section', { class: 'poll', 'aria-labelledby': uid('poll-q') });
  const questionId = element.getAttribute('aria-labelledby');
  const messages = h('div', { class: 'messages', 'aria-live': 'polite' });
  const say = (box) => replaceChildren(messages, box);
  const path = `/polls/${encodeURIComponent(poll.id)}`;
  const voted = () => !!poll.my_vote;
  const labelOf = (i) => (poll.options.find((o) => o.index === i) || {}).label || '';

  function labels() {
    return [
      poll.anonymous ? badge(t('poll.anonymous'), 'badge-poll') : badge(t('poll.named'), 'badge-poll'),
      poll.multiple > 1 ? badge(t('poll.multipleMax', { n: poll.multiple }), 'badge-poll') : null,
      poll.closed ? badge(t('poll.closed'), 'badge-poll-closed')
        : poll.closes ? badge(t('poll.closesOn', { date: shortDateTime(poll.closes) }), 'badge-poll') : null,
    ].filter(Boolean);
  }

  function form() {
    const multiple = poll.multiple > 1;
    const name = uid('poll-choice');
    const mine = new Set((poll.my_vote && poll.my_vote.options) || []);
    const inputs = poll.options.map((o) => {
      const id = uid('poll-opt');
      const input = h('input', {
        type: multiple ? 'checkbox' : 'radio', id, name, value: String(o.index), class: 'choice-input',
        checked: mine.has(o.index) || null,
      });
      return h('div', { class: 'field choice poll-choice' }, input, h('label', { for: id, class: 'choice-label' }, o.label));
    });
    let other = null;
    let otherBox = null;
    if (poll.other_allowed) {
      const id = uid('poll-other');
      const textId = uid('poll-other-text');
      const had = poll.my_vote && poll.my_vote.other;
      otherBox = h('input', {
        type: multiple ? 'checkbox' : 'radio', id, name, value: 'other', class: 'choice-input', checked: had ? true : null,
      });
      other = h('input', {
        type: 'text', id: textId, class: 'input poll-other-text', maxlength: '200', value: had || '',
        'aria-label': t('poll.otherText'),
      });
      other.addEventListener('input', () => { if (other.value.trim()) otherBox.checked = true; });
      inputs.push(h('div', { class: 'field choice poll-choice' }, otherBox,
        h('label', { for: id, class: 'choice-label' }, t('poll.other')), other));
    }
    const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-small' }, t(voted() ? 'poll.change' : 'poll.vote'));
    const cancel = voted() ? h('button', { type: 'button', class: 'btn btn-small' }, t('common.cancel')) : null;
    if (cancel) cancel.addEventListener('click', () => { editing = false; render(); focusAction(); });
    const f = h('form', { class: 'poll-form', novalidate: true },
      h('fieldset', { class: 'poll-fieldset' },
        h('legend', { class: 'poll-legend' }, poll.question,
          h('span', { class: 'hint' }, ' ', multiple ? t('poll.chooseUpTo', { n: poll.multiple }) : t('poll.chooseOne'))),
        inputs),
      h('div', { class: 'form-actions' }, submit, cancel));
    f.addEventListener('submit', async (event) => {
      event.preventDefault();
      const chosen = [...f.querySelectorAll(`input[name="${name}"]:checked`)].map((i) => i.value);
      const options = chosen.filter((v) => v !== 'other').map(Number);
      const body = { options };
      if (chosen.includes('other')) {
        const text = other.value.trim();
        if (!text) { say(alertBox(t('poll.otherEmpty'))); other.focus(); return; }
        body.other = text;
      }
      if (!chosen.length) { say(alertBox(t('poll.chooseFirst'))); return; }
      if (chosen.length > poll.multiple) { say(alertBox(t('poll.tooMany', { n: poll.multiple }))); return; }
      submit.disabled = true;
      try {
        poll = await put(`${path}/vote`, body, { signal });
        editing = false;
        render();
        say(statusBox(t('poll.voted')));
        focusAction();
      } catch (err) {
        submit.disabled = false;
        if (err && err.name === 'AbortError') return;
        say(alertBox(errorMessage(err)));
        if (err && err.status === 409) refresh();
      }
    });
    return f;
  }

  // the width through the CSSOM: the CSP refuses style attributes
  function bar(percent) {
    const fill = h('span', { class: 'poll-bar-fill' });
    fill.style.width = `${Math.max(0, Math.min(100, percent))}%`;
    return fill;
  }

  function results() {
    if (!poll.results_visible) {
      return h('p', { class: 'poll-hidden muted' },
        t(poll.results === 'after_close' ? 'poll.hiddenUntilClose' : 'poll.hiddenUntilVote'));
    }
    const rows = poll.options.map((o) => ({ label: o.label, votes: o.votes || 0, percent: o.percent || 0, mine: voted() && poll.my_vote.options.includes(o.index) }));
    if (poll.other_allowed) rows.push({ label: t('poll.other'), votes: poll.other_votes || 0, percent: poll.other_percent || 0, mine: voted() && !!poll.my_vote.other });
    return h('div', { class: 'poll-results' },
      h('ul', { class: 'poll-bars', 'aria-label': t('poll.results') }, rows.map((r) => h('li', { class: `poll-row${r.mine ? ' is-mine' : ''}` },
        h('span', { class: 'poll-row-label' }, r.label, r.mine ? h('span', { class: 'sr-only' }, ` (${t('poll.yourChoice')})`) : null),
        h('span', { class: 'poll-row-count' }, t('poll.count', { n: r.votes, percent: formatNumber(r.percent) })),
        h('span', { class: 'poll-bar', 'aria-hidden': 'true' }, bar(r.percent))))),
      h('p', { class: 'poll-voters muted' }, t('poll.voters', { n: poll.voters || 0 })));
  }

  function mine() {
    if (!voted()) return null;
    const chosen = poll.my_vote.options.map(labelOf);
    if (poll.my_vote.other) chosen.push(`${t('poll.other')} : ${poll.my_vote.other}`);
    return h('p', { class: 'poll-mine' }, t('poll.yourVote', { choices: chosen.join(', ') }));
  }

  function actions() {
    const can = poll.can || {};
    const items = [];
    if (voted() && can.vote && !editing) {
      const b = h('button', { type: 'button', class: 'btn btn-small poll-change' }, t('poll.change'));
      b.addEventListener('click', () => { editing = true; render(); const first = element.querySelector('.poll-form input'); if (first) first.focus(); });
      items.push(b);
    }
    if (can.close) {
      const b = h('button', { type: 'button', class: 'btn btn-small poll-close' }, t('poll.closeNow'));
      b.addEventListener('click', async () => {
        const ok = await confirmDialog({ title: t('poll.closeTitle'), message: t('poll.closeText'), confirm: t('poll.closeNow') });
        if (!ok) { b.focus(); return; }
        b.disabled = true;
        try {
          poll = await apiPost(`${path}/close`, undefined, { signal });
          render();
          say(statusBox(t('poll.closedDone')));
        } catch (err) {
          b.disabled = false;
          say(alertBox(errorMessage(err)));
        }
      });
      items.push(b);
    }
    if (poll.export_url) items.push(h('a', { href: poll.export_url, class: 'btn btn-small poll-export', download: '' }, t('poll.export')));
    return items.length ? h('div', { class: 'poll-actions' }, items) : null;
  }

  // a named poll: who chose what, for its author and moderators (read when opened)
  function ballots() {
    if (!(poll.can && poll.can.voters) || poll.anonymous) return null;
    const list = h('div', { class: 'poll-ballots-list' });
    const details = h('details', { class: 'poll-ballots' }, h('summary', {}, t('poll.whoVoted')), list);
    details.addEventListener('toggle', async () => {
      if (!details.open) return;
      replaceChildren(list, h('p', { class: 'muted' }, t('common.loading')));
      try {
        const full = await get(path, { signal });
        const items = (full.ballots || []).map((b) => {
          const chosen = b.options.map(labelOf);
          if (b.other) chosen.push(`${t('poll.other')} : ${b.other}`);
          return h('li', {}, h('span', { class: 'poll-ballot-name' }, b.user.display_name), ` — ${chosen.join(', ')}`);
        });
        replaceChildren(list, items.length ? h('ul', {}, items) : h('p', { class: 'muted' }, t('poll.noBallots')));
      } catch (err) {
        if (err && err.name === 'AbortError') return;
        replaceChildren(list, alertBox(errorMessage(err)));
      }
    });
    return details;
  }

  function focusAction() {
    const target = element.querySelector('.poll-change') || element.querySelector('.poll-mine') || element;
    if (target === element || target.tagName === 'P') target.tabIndex = -1;
    target.focus();
  }

  function render() {
    const showForm = (poll.can && poll.can.vote) && (!voted() || editing);
    replaceChildren(element,
      h('h3', { class: 'poll-question', id: questionId }, h('span', { class: 'poll-kind' }, `${t('poll.label')} · `), poll.question),
      h('div', { class: 'badges poll-badges' }, labels()),
      messages,
      showForm ? form() : null,
      mine(),
      results(),
      ballots(),
      actions());
    element.classList.toggle('is-closed', !!poll.closed);
  }

  let pending = null;
  async function refresh() {
    if (pending) return pending;
    pending = (async () => {
      try {
        const now = await get(path, { signal });
        if (!editing) { poll = now; render(); } else { poll = { ...now, my_vote: poll.my_vote }; }
      } catch {
        // the next message brings it
      } finally {
        pending = null;
      }
    })();
    return pending;
  }
  // many votes at once: at most one read a second, the last message always followed by one
  let last = 0;
  let timer = null;
  function soon() {
    if (timer) return;
    const wait = Math.max(0, last + REFRESH_MS - Date.now());
    timer = setTimeout(() => { timer = null; last = Date.now(); refresh(); }, wait);
  }
  if (signal) signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
  onLive('poll', (msg) => { if (String(msg.poll) === String(poll.id)) soon(); }, signal);

  render();
  return { element, set: (p) => { poll = p; render(); } };
}
