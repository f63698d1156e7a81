// « Webhooks » (docs/webhooks.md): Administration › Webhooks — created from
// the form, its secret shown once, « Tester » and the delivery log,
// switched off, deleted; a group's in its Paramètres at 360 px (the
// English texts: www/i18n/en.json). axe at both sizes, the keyboard for the form.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  needsStack, launch, newPage, signIn, Api, ADMIN, createUser, groupWith, axeViolations, noSideways, eventually,
} from './helpers.mjs';

let browser;
let admin;

before(async () => {
  if (needsStack.skip) return;
  browser = await launch();
  admin = await Api.admin();
});
after(async () => { if (browser) await browser.close(); });

test('Administration › Webhooks: create with the keyboard, the secret once, test and the log, switch off, delete; a group\'s at 360 px', needsStack, async () => {
  const { context, page } = await newPage(browser);
  try {
    await signIn(page, ADMIN.email, ADMIN.password, { path: '/admin/webhooks' });
    await page.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();
    const nav = page.getByRole('navigation', { name: /Sections/ });
    assert.equal(await nav.getByRole('link', { name: 'Webhooks' }).getAttribute('aria-current'), 'page');
    // .invalid never resolves: the test delivery fails at once, and says why
    const address = `https://hooks-${Date.now()}.example.invalid/parvis`;
    const url = page.getByLabel('Adresse (URL) de réception');
    await url.focus();
    await page.keyboard.type(address);
    await page.getByRole('checkbox', { name: /Nouveau commentaire/ }).check();
    await page.keyboard.press('Tab');
    await page.getByRole('button', { name: 'Créer le webhook' }).focus();
    await page.keyboard.press('Enter');
    const secret = page.getByLabel('Secret de signature');
    await secret.waitFor();
    assert.match(await secret.inputValue(), /^whsec_[A-Za-z0-9_-]{43}$/);
    assert.equal(await page.evaluate(() => document.activeElement.classList.contains('webhooks-secret')), true, 'focus on the secret to copy');
    const item = page.locator('.webhooks-item', { hasText: address });
    await item.getByText('Actif').waitFor();
    assert.match(await item.innerText(), /Nouvelle publication, Nouveau commentaire/);
    assert.deepEqual(await axeViolations(page), [], 'axe at 1280 px');

    await item.getByRole('button', { name: 'Tester' }).click();
    await page.getByRole('status').filter({ hasText: 'Envoi de test programmé' }).waitFor();
    const logButton = item.getByRole('button', { name: 'Journal des envois' });
    // the log, opened again until the attempt is there
    await eventually(async () => {
      if (await logButton.getAttribute('aria-expanded') === 'true') await logButton.click();
      await logButton.click();
      return (await item.locator('table tbody tr').count()) > 0;
    }, { timeout: 10_000, interval: 250, message: 'the test delivery in the webhook\'s log' });
    const row = item.locator('table tbody tr').first();
    assert.match(await row.innerText(), /ping[\s\S]*pas de réponse[\s\S]*resolve/i);

    await item.getByRole('button', { name: 'Désactiver' }).click();
    await item.getByText('Désactivé').waitFor();
    assert.equal(await item.getByRole('button', { name: 'Tester' }).isDisabled(), true);
    await item.getByRole('button', { name: 'Supprimer' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Supprimer' }).click();
    await page.getByRole('status').filter({ hasText: 'Webhook supprimé.' }).waitFor();
    assert.equal(await page.locator('.webhooks-item', { hasText: address }).count(), 0);

    // a group's Paramètres, on a phone: https required, then created
    const manager = await createUser(admin);
    const group = await groupWith(await Api.signIn(manager.email, manager.password));
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(`/groupes/${group.id}?onglet=parametres`);
    await page.getByRole('heading', { level: 2, name: 'Webhooks' }).waitFor();
    await page.getByText('Un webhook de groupe ne reçoit jamais les événements d\'un autre groupe.').waitFor();
    const groupUrl = page.getByLabel('Adresse (URL) de réception');
    await groupUrl.fill('http://hooks.example.org/in');
    await page.getByRole('button', { name: 'Créer le webhook' }).click();
    await page.getByRole('alert').filter({ hasText: 'https://' }).waitFor();
    await groupUrl.fill('https://hooks.example.org/in');
    await page.getByRole('button', { name: 'Créer le webhook' }).click();
    await page.getByLabel('Secret de signature').waitFor();
    await page.locator('.webhooks-item', { hasText: 'https://hooks.example.org/in' }).waitFor();
    await noSideways(page);
    assert.deepEqual(await axeViolations(page), [], 'axe at 360 px');
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});
