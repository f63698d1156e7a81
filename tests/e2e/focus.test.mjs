// Focus after the main actions, as a keyboard user meets it: the composer
// opens on demand (the posts are a few Tab presses away), « Publier » takes
// focus to the new post, « Envoyer » a comment to the new comment, an upload
// (composer and drive) to the new file — never the page's body.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  needsStack, launch, Api, createUser, unique, eventually, groupWith, signedInPage, apiFor, cardOf,
} from './helpers.mjs';

let browser;
let admin;

before(async () => {
  if (needsStack.skip) return;
  browser = await launch();
  admin = await Api.admin();
});
after(async () => { if (browser) await browser.close(); });

/** What has the focus: {tag, cls, text (its first 200 characters), id (data-id)}. */
const focused = (page) => page.evaluate(() => {
  const el = document.activeElement;
  return {
    tag: el ? el.tagName.toLowerCase() : null,
    cls: el ? String(el.className) : '',
    text: el ? (el.textContent || '').slice(0, 200) : '',
    id: el && el.dataset ? el.dataset.id || null : null,
    label: el ? el.getAttribute('aria-label') || (el.labels && el.labels[0] ? el.labels[0].textContent : '') : '',
  };
});

test('focus after Publier, a comment, an upload in the composer and in the drive; the posts a few Tab presses from the composer', needsStack, async () => {
  const tag = unique();
  const alice = await createUser(admin, { name: `Alice Focus-${tag}` });
  const a = await apiFor(alice);
  const group = await groupWith(a, [], { name: `Atelier clavier ${tag}` });
  await a.request('POST', `/groups/${group.id}/posts`, { title: `Déjà là ${tag}`, body: 'Une première publication.' }, { expect: 201 });

  const { context, page } = await signedInPage(browser, alice, { path: `/groupes/${group.id}` });
  try {
    const panel = page.getByRole('tabpanel', { name: 'Fil' });
    const opener = panel.getByRole('button', { name: 'Écrire une publication…' });
    await cardOf(panel, `Déjà là ${tag}`).waitFor();
    assert.equal(await opener.getAttribute('aria-expanded'), 'false');
    assert.equal(await panel.getByLabel('Titre (facultatif)').count(), 1, 'the full composer is in the page');
    assert.equal(await panel.getByLabel('Titre (facultatif)').isVisible(), false, 'but closed');

    // from the composer's button, the first post is reached in a few Tab presses
    await opener.focus();
    let presses = 0;
    for (; presses < 10; presses += 1) {
      const inPost = await page.evaluate(() => !!(document.activeElement && document.activeElement.closest('article.post-card')));
      if (inPost) break;
      await page.keyboard.press('Tab');
    }
    assert.ok(presses >= 1 && presses <= 3, `the first post is ${presses} Tab presses after the composer's button`);

    // open: the text takes the focus
    await opener.focus();
    await page.keyboard.press('Enter');
    const form = panel.getByRole('form', { name: 'Nouvelle publication' });
    await form.waitFor();
    assert.equal(await opener.isVisible(), false);
    let f = await focused(page);
    assert.equal(f.tag, 'textarea');
    assert.equal(f.label.trim(), 'Message');

    // « Publier »: focus on the new post
    await page.keyboard.type(`Nouvelle idée ${tag}`);
    await form.getByRole('button', { name: 'Publier' }).focus();
    await page.keyboard.press('Enter');
    await form.getByRole('status').filter({ hasText: 'Votre publication est en ligne.' }).waitFor();
    f = await eventually(async () => { const x = await focused(page); return x.tag === 'article' ? x : null; }, { message: 'focus on the new post' });
    assert.match(f.text, new RegExp(`Nouvelle idée ${tag}`));
    assert.match(f.cls, /post-card/);

    // a comment: focus on the new comment
    const card = cardOf(panel, `Nouvelle idée ${tag}`);
    await card.getByRole('button', { name: 'Commenter' }).click();
    const input = card.getByLabel('Votre commentaire');
    await eventually(async () => (await focused(page)).tag === 'textarea', { message: 'the comment field focused' });
    await input.fill(`Bien vu ${tag}`);
    await card.getByRole('button', { name: 'Envoyer' }).focus();
    await page.keyboard.press('Enter');
    f = await eventually(async () => { const x = await focused(page); return x.tag === 'li' ? x : null; }, { message: 'focus on the new comment' });
    assert.match(f.cls, /comment/);
    assert.match(f.text, new RegExp(`Bien vu ${tag}`));

    // an upload in the composer: focus on the new file's chip once it is sent
    await opener.isHidden();
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      form.getByRole('button', { name: 'Envoyer depuis l\'ordinateur' }).click(),
    ]);
    await chooser.setFiles({ name: `notes-${tag}.txt`, mimeType: 'text/plain', buffer: Buffer.from('des notes') });
    f = await eventually(async () => { const x = await focused(page); return /attach-chip/.test(x.cls) && !/is-uploading/.test(x.cls) ? x : null; },
      { timeout: 20_000, message: 'focus on the sent file' });
    assert.match(f.text, new RegExp(`notes-${tag}\\.txt`));

    // an upload in the drive: focus on the new file in the listing
    await page.goto('/drive');
    const send = page.getByRole('button', { name: 'Envoyer des fichiers' });
    await send.waitFor();
    const [chooser2] = await Promise.all([page.waitForEvent('filechooser'), send.click()]);
    await chooser2.setFiles({ name: `rapport-${tag}.txt`, mimeType: 'text/plain', buffer: Buffer.from('un rapport') });
    f = await eventually(async () => { const x = await focused(page); return x.tag === 'a' && x.text === `rapport-${tag}.txt` ? x : null; },
      { timeout: 20_000, message: 'focus on the uploaded file in the drive' });
    assert.match(f.cls, /drive-item-name/);
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});
