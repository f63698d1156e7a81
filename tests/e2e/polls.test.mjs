// Sondages (docs/polls.md), as people see them at 360 px: a poll written in
// the composer (options added and removed), a vote with the keyboard, the
// results as text and bars, the counts updating live in another person's
// open page, « Modifier mon vote », closing, and no axe violation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  needsStack, browserTests, createUser, unique, eventually, groupWith, apiFor, cardOf, noSideways, axeViolations,
} from './helpers.mjs';

const stack = browserTests();
const PHONE = { viewport: { width: 360, height: 740 } };

async function groupFeed(page, group) {
  await page.goto(`/groupes/${group.id}`);
  await page.getByRole('heading', { level: 1, name: group.name }).waitFor();
  const panel = page.getByRole('tabpanel', { name: 'Fil' });
  await panel.getByRole('feed').waitFor({ state: 'attached' });
  return panel;
}

test('a poll from the composer, a vote by keyboard, the bars live in a second page, at 360 px without axe violations', needsStack, async () => {
  const tag = unique();
  const alice = await createUser(stack.admin, { name: `Alice Sondeuse-${tag}` });
  const bob = await createUser(stack.admin, { name: `Bruno Votant-${tag}` });
  const group = await groupWith(await apiFor(alice), [bob], { name: `Comité ${tag}` });
  const a = await stack.pageFor(alice, PHONE);
  const b = await stack.pageFor(bob, PHONE);
  try {
    const panel = await groupFeed(a.page, group);
    await panel.getByRole('button', { name: 'Écrire une publication…' }).click();
    const form = panel.getByRole('form', { name: 'Nouvelle publication' });
    await form.getByLabel('Message').fill(`Fête de fin d'année ${tag}`);
    await form.getByRole('checkbox', { name: 'Ajouter un sondage' }).check();
    await form.getByLabel('Question', { exact: true }).fill('Quel jour ?');
    await form.getByLabel('Option 1', { exact: true }).fill('Lundi');
    await form.getByLabel('Option 2', { exact: true }).fill('Mardi');
    await form.getByRole('button', { name: 'Ajouter une option' }).click();
    await form.getByLabel('Option 3', { exact: true }).fill('Mercredi');
    await form.getByRole('button', { name: 'Ajouter une option' }).click();
    await form.getByLabel('Option 4', { exact: true }).fill('lundi');
    // a duplicate is refused before anything is sent
    await form.getByRole('button', { name: 'Publier' }).click();
    await form.getByRole('alert').filter({ hasText: "L'option 4 répète une option précédente." }).waitFor();
    await form.getByRole('button', { name: "Retirer l'option 4" }).click();
    await form.getByLabel('Sondage anonyme').check();
    // the composer alone: the feed below is still empty (a feed without articles is axe's own complaint)
    assert.deepEqual(await axeViolations(a.page, 'form.composer'), [], 'the composer with its poll');
    await form.getByRole('button', { name: 'Publier' }).click();
    await form.getByRole('status').filter({ hasText: 'Votre publication est en ligne.' }).waitFor();

    const card = cardOf(panel, `Fête de fin d'année ${tag}`);
    const poll = card.getByRole('region', { name: /Quel jour \?/ });
    await poll.getByText('Sondage anonyme').waitFor();
    const group_ = poll.getByRole('group', { name: /Quel jour \?/ });
    await group_.getByRole('radio', { name: 'Lundi' }).waitFor();
    assert.equal(await group_.getByRole('radio').count(), 3);

    // Bob's page is open on the same feed, before anyone voted
    const bpanel = await groupFeed(b.page, group);
    const bpoll = cardOf(bpanel, `Fête de fin d'année ${tag}`).getByRole('region', { name: /Quel jour \?/ });
    await bpoll.getByText('Aucun votant pour l\'instant').waitFor();

    // Alice votes with the keyboard: focus the first radio, arrow to Mardi, Enter on « Voter »
    await group_.getByRole('radio', { name: 'Lundi' }).focus();
    await a.page.keyboard.press('ArrowDown');
    assert.equal(await group_.getByRole('radio', { name: 'Mardi' }).isChecked(), true);
    await poll.getByRole('button', { name: 'Voter' }).focus();
    await a.page.keyboard.press('Enter');
    await poll.getByText('Votre vote : Mardi').waitFor();
    await poll.getByRole('list', { name: 'Résultats' }).getByRole('listitem').filter({ hasText: 'Mardi' }).getByText('1 vote · 100 %').waitFor();
    await poll.getByRole('button', { name: 'Modifier mon vote' }).waitFor();
    assert.ok(await poll.getByRole('link', { name: 'Exporter les résultats (CSV)' }).isVisible(), 'the author exports');

    // Bob's open page follows without a reload
    await bpoll.getByText('1 votant', { exact: true }).waitFor({ timeout: 10_000 });
    await bpoll.getByRole('listitem').filter({ hasText: 'Mardi' }).getByText('1 vote · 100 %').waitFor();
    assert.equal(await bpoll.getByRole('link', { name: /Exporter/ }).count(), 0, 'a member does not export');

    // Bob votes Lundi; then Alice changes hers to Lundi: the counts follow on both pages
    await bpoll.getByRole('radio', { name: 'Lundi' }).check();
    await bpoll.getByRole('button', { name: 'Voter' }).click();
    await bpoll.getByText('Votre vote : Lundi').waitFor();
    await poll.getByText('2 votants').waitFor({ timeout: 10_000 });
    await poll.getByRole('button', { name: 'Modifier mon vote' }).click();
    await poll.getByRole('radio', { name: 'Lundi' }).check();
    await poll.getByRole('button', { name: 'Modifier mon vote' }).click();
    await poll.getByText('Votre vote : Lundi').waitFor();
    await eventually(async () => (await bpoll.getByRole('listitem').filter({ hasText: 'Lundi' }).innerText()).includes('2 votes · 100 %'),
      { timeout: 10_000, message: 'Bob sees Lundi at 2 votes, live' });
    assert.match(await bpoll.getByRole('listitem').filter({ hasText: 'Mardi' }).innerText(), /0 vote · 0 %/);
    assert.equal(await bpoll.getByText('2 votants').count(), 1, 'a change is not a new voter');

    // Alice closes it (after a confirmation): « Clos » on both pages, no more voting
    await poll.getByRole('button', { name: 'Clore le sondage' }).click();
    await a.page.getByRole('dialog', { name: 'Clore ce sondage ?' }).getByRole('button', { name: 'Clore le sondage' }).click();
    await poll.getByText('Le sondage est clos.').waitFor();
    await poll.locator('.badge', { hasText: /^Clos$/ }).waitFor();
    await bpoll.locator('.badge', { hasText: /^Clos$/ }).waitFor({ timeout: 10_000 });
    assert.equal(await bpoll.getByRole('button', { name: 'Modifier mon vote' }).count(), 0, 'no vote once closed');

    await noSideways(a.page);
    await noSideways(b.page);
    assert.deepEqual(await axeViolations(a.page), [], 'the author\'s page with the results');
    assert.deepEqual(await axeViolations(b.page), [], 'the member\'s page');
    assert.deepEqual(a.page.problems, []);
    assert.deepEqual(b.page.problems, []);
  } finally {
    await a.context.close();
    await b.context.close();
  }
});

test('a named poll: its author sees who voted what; a member voting in English does not', needsStack, async () => {
  const tag = unique();
  const alice = await createUser(stack.admin, { name: `Alice Nominative-${tag}` });
  const bob = await createUser(stack.admin, { name: `Bruno Anglais-${tag}` });
  const aapi = await apiFor(alice);
  const group = await groupWith(aapi, [bob], { name: `Bureau ${tag}` });
  const post = await aapi.request('POST', `/groups/${group.id}/posts`, { body: `Menu ${tag}` }, { expect: 201 });
  await aapi.request('POST', `/posts/${post.id}/poll`, { question: 'Which dishes?', options: ['Fish', 'Meat', 'Salad'], multiple: 2 }, { expect: 201 });
  const b = await stack.pageFor(bob, { ...PHONE, locale: 'en-GB', path: `/publications/${post.id}` });
  const a = await stack.pageFor(alice, { ...PHONE, path: `/publications/${post.id}` });
  try {
    const bpoll = b.page.getByRole('region', { name: /Which dishes\?/ });
    const choices = bpoll.getByRole('group', { name: /Which dishes\?/ });
    await choices.getByText('(up to 2 choices)').waitFor();
    await choices.getByRole('checkbox', { name: 'Fish' }).check();
    await choices.getByRole('checkbox', { name: 'Salad' }).check();
    await bpoll.getByRole('button', { name: 'Vote' }).click();
    await bpoll.getByText('Your vote: Fish, Salad').waitFor();
    await bpoll.getByText('Named votes').waitFor();
    assert.equal(await bpoll.getByText('Who voted what').count(), 0, 'a member does not see the ballots');

    const apoll = a.page.getByRole('region', { name: /Which dishes\?/ });
    await apoll.getByText('1 votant', { exact: true }).waitFor({ timeout: 10_000 });
    await apoll.getByText('Qui a voté quoi').click();
    await apoll.getByRole('listitem').filter({ hasText: bob.display_name }).filter({ hasText: 'Fish, Salad' }).waitFor();
    assert.deepEqual(await axeViolations(a.page), [], 'the author\'s page with the ballots open');
    assert.deepEqual(await axeViolations(b.page), [], 'the member\'s page in English');
    await noSideways(a.page);
    await noSideways(b.page);
  } finally {
    await a.context.close();
    await b.context.close();
  }
});
