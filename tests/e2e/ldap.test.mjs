// « Administration › Annuaire LDAP » (docs/ldap.md) against a real slapd
// (tests/api/ldap_server.mjs, 40 people): the settings on screen, « Aperçu »
// listing the accounts a sync would create, « Synchroniser maintenant »
// followed to its end and the report in the last runs; in English at
// 360 px; axe clean.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { needsStack, launch, newPage, signIn, Api, ADMIN, unique, axeViolations, noSideways } from './helpers.mjs';
import { startSlapd } from '../api/ldap_server.mjs';

let browser, admin, dir;
const tag = `e${unique()}`.toLowerCase().replace(/[^a-z0-9]/g, '');

before(async () => {
  if (needsStack.skip) return;
  dir = await startSlapd({ people: 40, tag, groups: { team: [1, 2, 3] } });
  browser = await launch();
  admin = await Api.admin();
  // another test synced another directory on this stack: forgotten
  execFileSync('mariadb', ['--no-defaults', `--socket=${process.env.PARVIS_VAR}/run/mysqld.sock`, 'parvis', '-e',
    'DELETE FROM ldap_accounts']);
  const group = await admin.request('POST', '/groups', { name: `Équipe ${tag}`, visibility: 'private' });
  await admin.request('PUT', '/admin/ldap', {
    uri: dir.url, starttls: true, ca_file: dir.caFile, bind_dn: dir.bindDn, password: dir.bindPassword,
    base_dn: dir.base, enabled: false, bind_auth: false, groups: [{ dn: dir.groupDn('team'), group_id: group.id }],
  });
});
after(async () => {
  if (browser) await browser.close();
  dir?.stop();
});

test('Annuaire LDAP: settings shown, preview, sync now and its report; English at 360 px; axe clean', needsStack, async () => {
  const { context, page } = await newPage(browser);
  try {
    await signIn(page, ADMIN.email, ADMIN.password, { path: '/admin/annuaire' });
    await page.getByRole('heading', { level: 1, name: 'Annuaire LDAP' }).waitFor();
    assert.equal(await page.getByLabel("Adresse de l'annuaire").inputValue(), dir.url);
    assert.equal(await page.getByLabel('StartTLS (chiffrer une connexion ldap://)').isChecked(), true);
    assert.equal(await page.getByLabel('DN du groupe LDAP').inputValue(), dir.groupDn('team'));
    await page.getByText('Un mot de passe est enregistré').waitFor();

    await page.getByRole('button', { name: 'Aperçu' }).click();
    await page.getByText('Aperçu : rien n\'a été modifié.').waitFor();
    await page.getByText('Comptes créés (40)').click();
    await page.getByText(`<${dir.email(3)}>`).waitFor();

    await page.getByRole('button', { name: 'Synchroniser maintenant' }).click();
    await page.getByText('Synchronisation terminée.').waitFor({ timeout: 20000 });
    const runs = page.getByRole('table', { name: 'Dernières synchronisations' });
    await runs.getByRole('cell', { name: 'Demandée' }).first().waitFor();
    assert.match(await runs.locator('tbody tr').first().innerText(), /Terminée\s+40/);
    assert.deepEqual(await axeViolations(page), [], 'axe at 1280 px, with the preview and the report');
    assert.deepEqual(page.problems, []);

    const en = await newPage(browser, { locale: 'en-GB', viewport: { width: 360, height: 740 } });
    try {
      await signIn(en.page, ADMIN.email, ADMIN.password, { path: '/admin/annuaire' });
      await en.page.getByRole('heading', { level: 1, name: 'LDAP directory' }).waitFor();
      await en.page.getByLabel('Directory address').fill('http://nope');
      await en.page.getByRole('button', { name: 'Save' }).click();
      await en.page.getByRole('alert').filter({ hasText: 'ldap://host:port' }).waitFor();
      await noSideways(en.page);
      assert.deepEqual(await axeViolations(en.page), [], 'axe at 360 px, in English');
    } finally {
      await en.context.close();
    }
  } finally {
    await context.close();
  }
});
