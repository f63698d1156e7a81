// « Veille » as a group's manager sees it on a 360 px phone, by keyboard: the
// Paramètres tab's section, a feed added (an internal address, so that its
// refusal and reason show: no request leaves the machine), its state, then
// removed after a confirmation; the private Atom address in the
// notification settings. axe finds nothing. (Who may manage feeds is
// tested by tests/api/feeds.test.mjs and tests/unit/test_acl.c.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { needsStack, browserTests, createUser, unique, noSideways, axeViolations } from './helpers.mjs';

const stack = browserTests();

test('a manager follows a feed and sees why it fails; removes it; the private Atom address', needsStack, async () => {
  const tag = unique();
  const manager = await createUser(stack.admin, { name: `Mona Veille-${tag}` });
  const group = await stack.admin.request('POST', '/groups', { name: `Veille ${tag}`, visibility: 'public' }, { expect: 201 });
  await stack.admin.request('PUT', `/groups/${group.id}/members/${manager.id}`, { role: 'manager' });
  const phone = { viewport: { width: 360, height: 740 } };
  const { context, page } = await stack.pageFor(manager, { ...phone, path: `/groupes/${group.id}?onglet=parametres` });
  try {
    const section = page.getByRole('region', { name: 'Veille' });
    await section.getByText('Le groupe ne suit aucun flux.').waitFor();
    const input = section.getByLabel('Adresse du flux RSS ou Atom');
    await input.focus();
    await page.keyboard.type('http://10.9.8.7/actualites.xml');
    await page.keyboard.press('Enter');
    await section.getByText('Flux ajouté').waitFor();
    // the poller's answer, shown within seconds
    await section.getByText(/adresse refusée : 10\.9\.8\.7 \(réseau privé\)/).waitFor({ timeout: 10000 });
    await section.getByText(/Nouvel essai le .* \(1 échec\)\./).waitFor();
    await noSideways(page);
    assert.deepEqual(await axeViolations(page), [], 'axe on the Veille section');

    // removed, by keyboard, after a confirmation
    const remove = section.getByRole('button', { name: 'Ne plus suivre http://10.9.8.7/actualites.xml' });
    await remove.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Ne plus suivre ce flux ?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Ne plus suivre' }).click();
    await section.getByText('Le groupe ne suit aucun flux.').waitFor();

    // the private Atom address of the home feed
    await page.goto(new URL('/notifications/reglages', page.url()).href);
    const atom = page.getByRole('region', { name: 'Mon fil en Atom' });
    await atom.getByRole('button', { name: 'Afficher mon adresse' }).click();
    const address = atom.getByLabel('Adresse du flux Atom');
    await address.waitFor();
    assert.match(await address.inputValue(), /\/api\/v1\/atom\/[A-Za-z0-9_-]{43}$/);
    await noSideways(page);
    assert.deepEqual(await axeViolations(page), [], 'axe on the notification settings');
  } finally {
    await context.close();
  }
});
