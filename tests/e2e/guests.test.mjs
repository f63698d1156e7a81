// Guests (docs/guests.md): « Invité » beside a guest's name where staff
// read them, and a guest's reduced menu (no « Personnes », no news, no
// « Créer un groupe »).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { needsStack, browserTests, createUser, groupWith, apiFor, unique, strongPassword, cardOf } from './helpers.mjs';

const stack = browserTests();

test('a guest is marked « Invité » and has a reduced menu', needsStack, async () => {
  const { admin } = stack;
  const alice = await createUser(admin);
  const tag = unique();
  const password = strongPassword();
  const guest = await admin.request('POST', '/users', {
    email: `e2e-guest-${tag}@example.org`, display_name: `Élue Partenaire-${tag}`, password, kind: 'guest',
  }, { expect: 201 });
  const group = await groupWith(await apiFor(alice), [guest], { visibility: 'private', name: `Projet ${tag}` });
  const asGuest = await apiFor({ email: guest.email, password });
  await asGuest.request('POST', `/groups/${group.id}/posts`, { body: `Bonjour de la part du partenaire ${tag}` }, { expect: 201 });

  // staff read the guest's post with the badge beside the name
  const seen = await stack.pageFor(alice, { path: `/groupes/${group.id}` });
  try {
    const card = cardOf(seen.page, `partenaire ${tag}`);
    await card.waitFor();
    const mark = card.locator('.badge-guest');
    await mark.waitFor();
    assert.equal((await mark.textContent()).trim(), 'Invité');
    assert.match(await mark.getAttribute('title'), /Invité externe/);
    // and in the chat, beside the guest's messages
    const conv = await asGuest.request('POST', '/conversations', { participants: [alice.id] }, { expect: 201 });
    await asGuest.request('POST', `/conversations/${conv.id}/messages`, { body: `Question du partenaire ${tag}`, client_id: `e2e${Date.now()}` }, { expect: 201 });
    await seen.page.goto(`/messagerie/${conv.id}`);
    const said = seen.page.locator('.chat-msg', { hasText: `Question du partenaire ${tag}` });
    await said.waitFor();
    assert.equal((await said.locator('.badge-guest').textContent()).trim(), 'Invité');
  } finally {
    await seen.context.close();
  }

  // the guest: no directory, no news, no « Créer un groupe »; their group is there
  const { context, page } = await stack.pageFor({ email: guest.email, password }, { viewport: { width: 360, height: 740 } });
  try {
    await page.getByRole('heading', { name: 'Dans mes groupes' }).waitFor();       // the portal is drawn
    await page.getByText(`partenaire ${tag}`).first().waitFor();
    await page.getByRole('button', { name: 'Menu' }).click();             // the drawer, at 360 px
    const nav = page.getByRole('navigation', { name: 'Navigation principale' });
    await nav.getByRole('link', { name: 'Groupes' }).waitFor();
    assert.equal(await nav.getByRole('link', { name: 'Personnes' }).count(), 0, 'no directory');
    assert.equal(await page.getByRole('heading', { name: 'Dernières actualités' }).count(), 0, 'no news on the home page');
    await page.keyboard.press('Escape');
    await page.goto(new URL('/fil', page.url()).href);
    await page.getByRole('button', { name: 'Tout' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Actualités' }).count(), 0, 'no news filter');
    // the button shows once the settings are read (when the platform lets people create groups)
    const settingsRead = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/settings');
    await page.goto(new URL('/groupes', page.url()).href);
    await settingsRead;
    await page.getByRole('link', { name: `Projet ${tag}` }).first().waitFor();
    assert.equal(await page.getByRole('button', { name: 'Créer un groupe' }).count(), 0, 'no « Créer un groupe »');
  } finally {
    await context.close();
  }
});
