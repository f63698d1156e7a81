// Convocations, as people see them (docs/convocations_ui.md): a manager
// sends one from the group's « Agenda » tab to 3 of its 4 members (the
// searchable checklist), with an agenda and a document of the group's
// drive; a member, on a phone, opens it, sees the agenda and the document,
// presses « J'ai lu »; another confirms by the e-mail's link without being
// signed in, in English (opening the page confirms nothing); the manager
// sees the receipts change, filters the unconfirmed, and downloads the PDF
// (its names read back by pdftotext). axe at 1280 and 360 px. The PDF step
// needs h_conv_read.c to call conv_receipts_pdf (docs/convocations_ui.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  needsStack, browserTests, createUser, apiFor, groupWith, unique, eventually, noSideways, newPage, putFile,
  useMailRelay, axeViolations, BASE,
} from './helpers.mjs';

const stack = browserTests();

async function noAxeViolations(page, where) {
  assert.deepEqual(await axeViolations(page), [], `axe on ${where}`);
}

/** Tomorrow in Europe/Paris, YYYY-MM-DD. */
function tomorrow() {
  const d = new Date(Date.now() + 24 * 3600 * 1000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}

test('a convocation: sent to 3 members through the form, read in the app, confirmed by the e-mail link without signing in, the receipts and their PDF', needsStack, async () => {
  const tag = unique();
  const relay = await useMailRelay(stack.admin);
  const pages = [];
  try {
    const alice = await createUser(stack.admin, { name: `Alice Présidente-${tag}` });
    const bob = await createUser(stack.admin, { name: `Bérénice Lefèvre-${tag}` });
    const carol = await createUser(stack.admin, { name: `Céline Dupré-${tag}` });
    const dan = await createUser(stack.admin, { name: `Gaël Müller-${tag}` });
    const eve = await createUser(stack.admin, { name: `Ève Oubliée-${tag}` });
    const aliceApi = await apiFor(alice);
    const group = await groupWith(aliceApi, [bob, carol, dan, eve], { visibility: 'private', name: `Conseil ${tag}` });
    const drive = await aliceApi.request('GET', `/groups/${group.id}/drive`);
    await putFile(aliceApi, drive.root_folder_id, `budget-${tag}.txt`, 'Budget prévisionnel 2027', { type: 'text/plain' });
    const title = `Assemblée générale ${tag}`;
    const opts = { timezoneId: 'Europe/Paris' };

    // ---- Alice convenes from the Agenda tab
    const a = await stack.pageFor(alice, { ...opts, path: `/groupes/${group.id}?onglet=agenda` });
    pages.push(a);
    const panel = a.page.getByRole('tabpanel', { name: 'Agenda' });
    await panel.getByRole('button', { name: 'Convoquer' }).click();
    const form = a.page.getByRole('form', { name: 'Nouvelle convocation' });
    await form.getByLabel('Titre', { exact: true }).fill(title);
    await form.getByLabel('Date de début').fill(tomorrow());
    await form.getByLabel('Heure de début').fill('18:00');
    await form.getByLabel('Date de fin').fill(tomorrow());
    await form.getByLabel('Heure de fin').fill('20:00');
    await form.getByLabel('Lieu').fill('Salle des fêtes');
    await form.getByLabel('Ordre du jour', { exact: true }).fill('1. Approbation des comptes\n2. **Élection** du bureau');
    await form.getByRole('button', { name: 'Choisir dans le drive' }).click();
    const dialog = a.page.getByRole('dialog', { name: /^Choisir des fichiers/ });
    await dialog.getByRole('checkbox', { name: new RegExp(`budget-${tag}`) }).check();
    await dialog.getByRole('button', { name: 'Joindre 1 fichier' }).click();
    await dialog.waitFor({ state: 'detached' });
    // three of the four members, found by the list's search
    await form.getByLabel('Choisir parmi les membres').check();
    const search = form.getByLabel('Rechercher un membre');
    for (const who of [bob, carol, dan]) {
      await search.fill(who.display_name.split(' ')[0]);
      await form.getByRole('checkbox', { name: new RegExp(who.display_name) }).check();
    }
    await search.fill('');
    await form.getByText('3 membres choisis.').waitFor();
    assert.equal(await form.getByRole('checkbox', { name: new RegExp(eve.display_name) }).isChecked(), false);
    await form.getByLabel(/Relances automatiques/).fill('3, 7');
    await noAxeViolations(a.page, 'the convocation form at 1280 px');
    await form.getByRole('button', { name: 'Envoyer la convocation' }).click();

    await a.page.getByRole('heading', { level: 1, name: title }).waitFor();
    await a.page.getByText('La convocation est envoyée.').waitFor();
    const path = new URL(a.page.url()).pathname;
    assert.match(path, /^\/convocations\/\d+$/);
    const receipts = a.page.getByRole('region', { name: 'Accusés de réception' });
    await receipts.getByText(/^3 destinataires/).waitFor();
    await receipts.getByRole('row', { name: new RegExp(bob.display_name) }).waitFor();
    assert.equal(await receipts.getByRole('row', { name: new RegExp(eve.display_name) }).count(), 0, 'Ève was not chosen');

    // ---- Bérénice, on a phone: the agenda, the document, « J'ai lu »
    const b = await stack.pageFor(bob, { ...opts, viewport: { width: 360, height: 740 }, path });
    pages.push(b);
    await b.page.getByRole('heading', { level: 1, name: title }).waitFor();
    await b.page.locator('.convocation-agenda strong', { hasText: 'Élection' }).waitFor();
    await b.page.locator('.convocation-agenda li', { hasText: 'Approbation des comptes' }).waitFor();
    const doc = b.page.getByRole('link', { name: new RegExp(`budget-${tag}`) }).first();
    const docRes = await b.page.request.get(await doc.getAttribute('href'));
    assert.equal(docRes.status(), 200, 'the document opens for the recipient');
    assert.match(await docRes.text(), /Budget prévisionnel 2027/);
    await noAxeViolations(b.page, 'the convocation page at 360 px');
    await noSideways(b.page);
    await b.page.getByRole('button', { name: "J'ai lu" }).click();
    await b.page.getByText(/^Réception confirmée le /).waitFor();
    // the convocation's post in the group's feed leads to it
    await b.page.goto(`${BASE}/groupes/${group.id}`);
    const see = b.page.getByRole('link', { name: 'Voir la convocation' }).first();
    await see.waitFor();
    assert.equal(await see.getAttribute('href'), path);

    // ---- Céline: the e-mail's link, in a browser where nobody is signed in
    const bodyOf = (m) => [m.raw, ...m.parts.map((p) => (/base64/i.test(p.head)
      ? Buffer.from(p.body.replace(/\s/g, ''), 'base64').toString('utf8') : p.body))].join('\n');
    const receiptLink = /https?:\/\/[^\s"<>]*\/accuse\/([A-Za-z0-9_%-]+)/;
    const link = await eventually(() => relay.smtp.messages()
      .filter((m) => m.envelope.rcpt_tos.includes(carol.email))
      .map((m) => receiptLink.exec(bodyOf(m))).find(Boolean),
    { timeout: 15000, message: 'the convocation mailed to Céline with its receipt link' });
    // (her browser speaks English: the page too)
    const c = await newPage(stack.browser, { viewport: { width: 360, height: 740 }, locale: 'en-GB' });
    pages.push(c);
    await c.page.goto(`${BASE}/accuse/${link[1]}`);
    const confirm = c.page.getByRole('button', { name: 'I confirm I received the convocation' });
    await confirm.waitFor();
    await noAxeViolations(c.page, 'the receipt page at 360 px');
    // opening the page confirmed nothing
    const id = path.split('/').pop();
    const before = await aliceApi.request('GET', `/convocations/${id}/receipts`);
    assert.equal(before.items.find((i) => i.user.id === carol.id).confirmed, null, 'a GET never confirms');
    // by keyboard: the button, Enter; the result takes the focus
    await confirm.focus();
    await c.page.keyboard.press('Enter');
    const done = c.page.getByRole('status').filter({ hasText: `the receipt of the convocation « ${title} » is confirmed` });
    await done.waitFor();
    await eventually(() => done.evaluate((el) => el === document.activeElement), { message: 'the focus on the result' });

    // ---- Alice: the table follows, the filter, the PDF
    await a.page.getByRole('button', { name: 'Actualiser' }).click();
    await receipts.getByText(/^3 destinataires — ouvertes : \d, confirmées : 2 ;/).waitFor();
    const bobRow = receipts.getByRole('row', { name: new RegExp(bob.display_name) });
    await bobRow.getByText('(application)').waitFor();
    await receipts.getByRole('row', { name: new RegExp(carol.display_name) }).getByText('(courriel)').waitFor();
    await a.page.getByLabel('Afficher').selectOption('unconfirmed');
    await eventually(async () => (await receipts.getByRole('row').count()) === 2, { message: 'one unconfirmed line (and the header)' });
    await receipts.getByRole('row', { name: new RegExp(dan.display_name) }).waitFor();
    await noAxeViolations(a.page, "the manager's page at 1280 px");

    const href = await a.page.getByRole('link', { name: 'Télécharger (PDF)' }).getAttribute('href');
    const res = await a.page.request.get(href);
    assert.equal(res.status(), 200);
    assert.match(res.headers()['content-type'], /^application\/pdf/);
    const dir = mkdtempSync(join(process.env.TMPDIR || tmpdir(), 'convocation-pdf-'));
    try {
      writeFileSync(join(dir, 'a.pdf'), await res.body());
      const pdfText = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', join(dir, 'a.pdf'), '-'], { encoding: 'utf8' });
      for (const who of [bob, carol, dan]) assert.ok(pdfText.includes(who.display_name), `${who.display_name} in the PDF`);
      assert.ok(!pdfText.includes(eve.display_name), 'Ève is not in the PDF');
      assert.match(pdfText, /Accusés de réception/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    for (const p of pages) assert.deepEqual(p.page.problems, [], 'no page errors');
  } finally {
    for (const p of pages) await p.context.close();
    await relay.stop();
  }
});
