// Agenda, as people see it: a manager creates a weekly event in a group's
// « Agenda » tab; a member finds it in the month grid (by keyboard), on the
// event page answers « Oui » with a comment, finds it in « Mon agenda » and
// on the portal; the organiser sees the answer and who has not answered;
// the private subscription address is shown, serves the event and is
// renewed (the old one dies). Hostile titles and Markdown stay text; axe
// finds nothing at 360 px on the agenda and event pages (and at 1280 on the
// form and the organiser's page).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  needsStack, browserTests, createUser, apiFor, groupWith, unique, eventually, watchDialogs, noSideways, BASE, axeViolations,
} from './helpers.mjs';

const stack = browserTests();

/** axe (WCAG 2.1 A and AA) on the page as it is: throws with the violations found. */
async function noAxeViolations(page, where) {
  assert.deepEqual(await axeViolations(page), [], `axe on ${where}`);
}

const pad = (n) => String(n).padStart(2, '0');
/** Today in the browser's zone (the contexts run in Europe/Paris). */
function parisToday() {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  return parts; // YYYY-MM-DD
}
const monthName = (ymd) => {
  const s = new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${ymd}T00:00:00Z`));
  return s[0].toUpperCase() + s.slice(1);
};
const focused = (page) => page.evaluate(() => {
  const el = document.activeElement;
  return { tag: el.tagName.toLowerCase(), text: (el.textContent || '').trim(), value: el.value || '' };
});

test('a weekly event: created by a manager, found and answered by a member, the answer seen by the organiser; the subscription address', needsStack, async () => {
  const tag = unique();
  const hostile = `Réunion <img src=x onerror=alert(1)> ${tag}`;
  const alice = await createUser(stack.admin, { name: `Alice Martin-${tag}` });
  const bob = await createUser(stack.admin, { name: `Bruno Petit-${tag}` });
  const carol = await createUser(stack.admin, { name: `Carole Roux-${tag}` });
  const group = await groupWith(await apiFor(alice), [bob, carol], { visibility: 'private', name: `Conseil ${tag}` });
  const day = parisToday();
  const opts = { timezoneId: 'Europe/Paris' };

  // ---- Alice creates the event in the group's Agenda tab
  const a = await stack.pageFor(alice, { ...opts, path: `/groupes/${group.id}?onglet=agenda` });
  const b = { context: null };
  const dialogs = watchDialogs(a.page);
  try {
    const panel = a.page.getByRole('tabpanel', { name: 'Agenda' });
    await panel.getByRole('table', { name: monthName(day) }).waitFor();
    await panel.getByRole('button', { name: 'Nouvel événement' }).click();
    const form = a.page.getByRole('form', { name: 'Nouvel événement' });
    assert.equal((await focused(a.page)).tag, 'input', 'the title field has the focus');
    // refused by the server (a count of 0): its message, under the field it names
    await form.getByLabel('Titre', { exact: true }).fill(hostile);
    await form.getByLabel('Description').fill('**Ordre du jour** <script>alert(2)</script> [lien](javascript:alert(3))');
    await form.getByLabel('Date de début').fill(day);
    await form.getByLabel('Heure de début').fill('20:00');
    await form.getByLabel('Date de fin').fill(day);
    await form.getByLabel('Heure de fin').fill('21:30');
    assert.equal(await form.getByLabel('Fuseau horaire').inputValue(), 'Europe/Paris');
    await form.getByLabel('Lieu').fill('Salle du conseil');
    await form.getByLabel('Répéter').selectOption('weekly');
    await form.getByLabel('Nombre de fois').fill('4');
    await form.getByLabel('Nombre de places').fill('0');
    await form.getByRole('button', { name: 'Créer l\'événement' }).click();
    await form.getByRole('alert').waitFor();
    await eventually(async () => (await form.getByLabel('Nombre de places').getAttribute('aria-invalid')) === 'true'
      && (await focused(a.page)).tag === 'input', { message: 'the capacity field marked and focused' });
    await noAxeViolations(a.page, 'the event form at 1280 px');
    await form.getByLabel('Nombre de places').fill('');
    await form.getByRole('button', { name: 'Créer l\'événement' }).click();

    // the event page: the title as text, the focus on it
    const h1 = a.page.getByRole('heading', { level: 1, name: hostile });
    await h1.waitFor();
    await eventually(async () => (await focused(a.page)).tag === 'h1', { message: 'the focus on the title' });
    await a.page.getByText(`L'événement « ${hostile} » est créé.`).waitFor();
    await a.page.getByText('Chaque semaine, 4 fois').waitFor();
    const description = a.page.locator('.event-description');
    await description.locator('strong', { hasText: 'Ordre du jour' }).waitFor();
    assert.equal(await a.page.locator('.event-head img, .event-head script').count(), 0, 'no markup from the title or the text');
    const eventPath = new URL(a.page.url()).pathname;
    assert.match(eventPath, /^\/evenements\/\d+$/);
    const eventId = eventPath.split('/').pop();
    const ics = a.page.getByRole('link', { name: 'Ajouter à mon agenda (.ics)' });
    assert.equal(await ics.getAttribute('href'), `/api/v1/events/${eventId}.ics`);
    const icsRes = await a.page.request.get(`/api/v1/events/${eventId}.ics`);
    assert.equal(icsRes.status(), 200);
    assert.match(icsRes.headers()['content-type'], /text\/calendar/);

    // ---- Bob, on a phone: the month grid, by keyboard
    Object.assign(b, await stack.pageFor(bob, { ...opts, viewport: { width: 360, height: 740 }, path: `/groupes/${group.id}?onglet=agenda&vue=mois` }));
    const bDialogs = watchDialogs(b.page);
    const bPanel = b.page.getByRole('tabpanel', { name: 'Agenda' });
    const grid = bPanel.getByRole('table', { name: monthName(day) });
    await grid.waitFor();
    const cell = grid.locator(`td[data-date="${day}"]`);
    assert.equal(await cell.getAttribute('aria-current'), 'date', 'today is marked');
    await cell.getByRole('link', { name: hostile }).waitFor();
    await noAxeViolations(b.page, 'the group agenda at 360 px');
    await noSideways(b.page);
    // next month and back: the focus stays on the button, the caption follows
    const next = bPanel.getByRole('button', { name: 'Mois suivant' });
    await next.focus();
    await b.page.keyboard.press('Enter');
    const nextMonth = (() => { const [y, m] = day.split('-').map(Number); return m === 12 ? `${y + 1}-01-01` : `${y}-${pad(m + 1)}-01`; })();
    await bPanel.getByRole('table', { name: monthName(nextMonth) }).waitFor();
    assert.equal((await focused(b.page)).text, 'Mois suivant ›');
    assert.equal(new URL(b.page.url()).searchParams.get('mois'), nextMonth.slice(0, 7));
    await b.page.keyboard.press('Shift+Tab'); // « Ce mois-ci »
    await b.page.keyboard.press('Enter');
    await grid.waitFor();
    assert.equal((await focused(b.page)).text, 'Ce mois-ci');
    // Tab, Tab: past « Mois suivant », into the grid, the first event is today's
    await b.page.keyboard.press('Tab');
    await b.page.keyboard.press('Tab');
    const f = await focused(b.page);
    assert.equal(f.tag, 'a');
    assert.ok(f.text.includes(hostile), `the first link of the grid is the event (${f.text})`);
    await b.page.keyboard.press('Enter');
    await b.page.getByRole('heading', { level: 1, name: hostile }).waitFor();
    await eventually(async () => (await focused(b.page)).tag === 'h1', { message: 'the event page\'s title focused' });

    // ---- Bob answers « Oui » with a comment
    const answer = b.page.getByRole('region', { name: 'Votre réponse' });
    await answer.getByText('Vous n\'avez pas encore répondu.').waitFor();
    await answer.getByLabel('Commentaire (facultatif)').fill('Je viendrai <b>avec</b> les comptes');
    await answer.getByRole('button', { name: 'Oui' }).click();
    await answer.getByText('Vous avez répondu : Oui.').waitFor();
    assert.equal(await answer.getByRole('button', { name: 'Oui' }).getAttribute('aria-pressed'), 'true');
    assert.equal((await focused(b.page)).text, 'Oui', 'the focus stays on the answer');
    assert.equal(await b.page.getByRole('region', { name: 'Réponses' }).count(), 0, 'a member does not see the answers');
    await noAxeViolations(b.page, 'the event page at 360 px');
    await noSideways(b.page);

    // ---- « Mon agenda » from the menu: the event, month and list
    await b.page.getByRole('button', { name: 'Menu' }).click();
    await b.page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Mon agenda' }).click();
    await b.page.getByRole('heading', { level: 1, name: 'Mon agenda' }).waitFor();
    // a phone starts on the list
    const listDay = b.page.locator(`.agenda-list-day[data-date="${day}"]`);
    await listDay.getByRole('link', { name: hostile }).waitFor();
    await listDay.getByText(`Conseil ${tag}`).waitFor();
    await b.page.getByRole('button', { name: 'Mois', exact: true }).click();
    await b.page.getByRole('table', { name: monthName(day) }).locator(`td[data-date="${day}"]`).getByRole('link', { name: hostile }).waitFor();
    await noAxeViolations(b.page, '« Mon agenda » at 360 px');
    await noSideways(b.page);

    // ---- the subscription address: shown, serves the event, renewed
    const sub = b.page.getByRole('region', { name: 'S\'abonner depuis un autre agenda' });
    await sub.getByRole('button', { name: 'Afficher mon adresse d\'abonnement' }).click();
    const address = sub.getByLabel('Adresse d\'abonnement');
    await eventually(async () => /\/api\/v1\/calendar\/[^/]+\.ics$/.test(await address.inputValue()), { message: 'the address' });
    assert.equal((await focused(b.page)).tag, 'input', 'the address has the focus');
    const first = await address.inputValue();
    const feed = await fetch(first.replace(/^https?:\/\/[^/]+/, BASE));
    assert.equal(feed.status, 200, 'no session needed');
    assert.match(await feed.text(), new RegExp(`SUMMARY:Réunion <img src=x onerror=alert\\(1\\)> ${tag}`));
    await sub.getByRole('button', { name: 'Renouveler l\'adresse' }).click();
    const confirm = b.page.getByRole('dialog', { name: 'Renouveler l\'adresse ?' });
    await confirm.getByRole('button', { name: 'Renouveler l\'adresse' }).click();
    await sub.getByText('Nouvelle adresse : l\'ancienne ne fonctionne plus.').waitFor();
    const second = await address.inputValue();
    assert.notEqual(second, first);
    assert.equal((await fetch(first.replace(/^https?:\/\/[^/]+/, BASE))).status, 404, 'the old address is dead');
    assert.equal((await fetch(second.replace(/^https?:\/\/[^/]+/, BASE))).status, 200);

    // ---- the portal: upcoming events, a way to « Mon agenda »
    await b.page.goto('/');
    const upcoming = b.page.getByRole('region', { name: 'Prochains événements' });
    await upcoming.getByRole('link', { name: hostile }).first().waitFor();
    assert.equal(await upcoming.getByRole('link', { name: hostile }).count(), 4, 'the four weeks, within the next two months');
    await upcoming.getByRole('link', { name: 'Mon agenda' }).waitFor();

    // ---- Alice sees Bob's answer and who has not answered
    await a.page.reload();
    const answers = a.page.getByRole('region', { name: 'Réponses' });
    const yes = answers.getByRole('region', { name: 'Oui (1)' });
    await yes.getByRole('link', { name: bob.display_name }).waitFor();
    await yes.getByText('« Je viendrai <b>avec</b> les comptes »', { exact: false }).waitFor();
    const pending = answers.getByRole('region', { name: /^Sans réponse/ });
    await pending.getByRole('link', { name: carol.display_name }).waitFor();
    assert.equal(await pending.getByRole('link', { name: bob.display_name }).count(), 0);
    const csv = await a.page.request.get(await answers.getByRole('link', { name: 'Exporter les réponses (CSV)' }).getAttribute('href'));
    assert.equal(csv.status(), 200);
    assert.match(await csv.text(), new RegExp(bob.display_name));
    await answers.getByText('Relancer les personnes sans réponse').click();
    await answers.getByRole('button', { name: 'Relancer' }).click();
    await answers.getByRole('status').filter({ hasText: 'La relance est envoyée' }).waitFor();
    await noAxeViolations(a.page, 'the organiser\'s event page at 1280 px');

    assert.deepEqual(dialogs, [], 'no script ran');
    assert.deepEqual(bDialogs, [], 'no script ran');
    assert.deepEqual(a.page.problems, []);
    assert.deepEqual(b.page.problems, []);
  } finally {
    await a.context.close();
    if (b.context) await b.context.close();
  }
});

test('in English: an administrator creates an all-day organisation event from « My agenda »; a colleague sees it and cannot see the answers', needsStack, async () => {
  const tag = unique();
  const admin = { email: process.env.PARVIS_ADMIN_EMAIL, password: process.env.PARVIS_ADMIN_PASSWORD };
  const dave = await createUser(stack.admin, { name: `Dave Moreau-${tag}` });
  const day = parisToday();
  const opts = { locale: 'en-GB', timezoneId: 'Europe/Paris', storage: { 'parvis.lang': 'en' } };
  const a = await stack.pageFor(admin, { ...opts, path: '/agenda?vue=liste' });
  const d = { context: null };
  try {
    await a.page.getByRole('heading', { level: 1, name: 'My agenda' }).waitFor();
    await a.page.getByRole('button', { name: 'New organisation event' }).click();
    const form = a.page.getByRole('form', { name: 'New event' });
    await form.getByLabel('Title', { exact: true }).fill(`Open day ${tag}`);
    await form.getByLabel('All day').check();
    assert.equal(await form.getByLabel('Start time').isVisible(), false, 'no hours for an all-day event');
    await form.getByLabel('Start date').fill(day);
    await form.getByLabel('End date').fill(day);
    await form.getByRole('button', { name: 'Create the event' }).click();
    await a.page.getByRole('heading', { level: 1, name: `Open day ${tag}` }).waitFor();
    await a.page.getByText('All day', { exact: false }).first().waitFor();
    await a.page.getByRole('region', { name: 'Answers' }).getByRole('link', { name: 'Export the answers (CSV)' }).waitFor();

    Object.assign(d, await stack.pageFor(dave, { ...opts, path: '/agenda?vue=liste' }));
    const item = d.page.locator(`.agenda-list-day[data-date="${day}"]`).locator('li', { hasText: `Open day ${tag}` });
    await item.getByText('All day').waitFor();
    await item.getByText('Organisation').waitFor();
    await item.getByRole('link', { name: `Open day ${tag}` }).click();
    await d.page.getByRole('heading', { level: 1, name: `Open day ${tag}` }).waitFor();
    await d.page.getByRole('link', { name: 'Add to my calendar (.ics)' }).waitFor();
    assert.equal(await d.page.getByRole('region', { name: 'Answers' }).count(), 0);
    assert.deepEqual(d.page.problems, []);
  } finally {
    await a.context.close();
    if (d.context) await d.context.close();
  }
});
