// Focus after the main actions, as a keyboard user meets it: the composer
// opens on demand (the posts are a few Tab presses away), « Publier » takes
// focus to the new post, « Envoyer » a comment to the new comment, an upload
// (composer and drive) to the new file — never the page's body.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  needsStack, launch, Api, createUser, unique, eventually, groupWith, signedInPage, apiFor, cardOf, putFile, noSideways,
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

test('cards: a must-read post once in the Fil (on top, then in its place), a title not repeated, no group name on its own page, attachment cards the column\'s width with long names wrapped (1280 and 360 px)', needsStack, async () => {
  const tag = unique();
  const alice = await createUser(admin, { name: `Alice Cartes-${tag}` });
  const bob = await createUser(admin, { name: `Bruno Cartes-${tag}` });
  const a = await apiFor(alice);
  const group = await groupWith(a, [bob], { name: `Cartes ${tag}` });
  const drive = await a.request('GET', `/groups/${group.id}/drive`);
  const longName = `compte_rendu_du_conseil_municipal_de_la_commune_${tag}_version_definitive_relue.pdf`;
  const file = await putFile(a, drive.root_folder_id, longName, Buffer.from('%PDF-1.4 rien'));
  await a.request('POST', `/groups/${group.id}/posts`, {
    title: `Ordre du jour ${tag}`, body: `Ordre du jour ${tag}\n\nLe conseil se réunit lundi.`, attachments: [file.id],
  }, { expect: 201 });
  await a.request('POST', `/groups/${group.id}/posts`, { title: `À lire ${tag}`, body: 'Merci de confirmer.', must_read: true }, { expect: 201 });

  const { context, page } = await signedInPage(browser, bob, { path: '/fil' });
  try {
    // the must-read post: on top only, then back in its place once read
    const must = page.locator('.feed-must-read');
    await cardOf(must, `À lire ${tag}`).waitFor();
    const feed = page.getByRole('feed');
    await cardOf(feed, `Ordre du jour ${tag}`).waitFor();
    const visible = () => page.locator('article.post-card:visible', { hasText: `À lire ${tag}` }).count();
    assert.equal(await visible(), 1, 'the must-read post is shown once');
    await cardOf(must, `À lire ${tag}`).getByRole('button', { name: "J'ai lu" }).click();
    const back = await eventually(async () => {
      const f = await page.evaluate(() => ({ tag: document.activeElement.tagName, text: document.activeElement.textContent, inFeed: !!document.activeElement.closest('[role=feed]') }));
      return f.tag === 'ARTICLE' && f.inFeed ? f : null;
    }, { message: 'focus on the post, back in the list' });
    assert.match(back.text, new RegExp(`À lire ${tag}`));
    assert.equal(await visible(), 1, 'still once, in the list');

    // the title is not repeated by the text's first line
    const card = cardOf(feed, `Ordre du jour ${tag}`);
    assert.equal(await card.getByText(`Ordre du jour ${tag}`, { exact: true }).count(), 1);
    await card.getByText('Le conseil se réunit lundi.').waitFor();

    // the attachment card: the column's width, its long name wrapped inside it, the whole name its accessible name
    const attach = card.locator('.attach-card');
    const link = attach.getByRole('link', { name: longName, exact: true });
    assert.ok((await link.getAttribute('title')).includes(longName), 'the whole name in the title');
    const fits = () => page.evaluate((name) => {
      const a = [...document.querySelectorAll('.attach-name')].find((el) => el.textContent === name);
      const cardBox = a.closest('.attach-card').getBoundingClientRect();
      const list = a.closest('.attach-cards').getBoundingClientRect();
      return { full: Math.abs(cardBox.width - list.width) < 2, inside: a.scrollWidth <= a.clientWidth + 1 && a.getBoundingClientRect().right <= cardBox.right + 1, lines: Math.round(a.getBoundingClientRect().height / parseFloat(getComputedStyle(a).lineHeight)) };
    }, longName);
    // (the feed may still be laying out: a post moved back into the list)
    let f = await eventually(async () => { const x = await fits(); return x.full && x.inside ? x : null; },
      { message: 'the card fits at 1280 px' });
    await page.setViewportSize({ width: 360, height: 740 });
    f = await eventually(async () => { const x = await fits(); return x.full && x.inside ? x : null; }, { message: 'the card fits at 360 px' });
    assert.ok(f.lines >= 2, 'the long name wraps');
    await noSideways(page);

    // on the group's own page the cards do not repeat its name
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`/groupes/${group.id}`);
    const panel = page.getByRole('tabpanel', { name: 'Fil' });
    await cardOf(panel, `Ordre du jour ${tag}`).waitFor();
    assert.equal(await cardOf(panel, `Ordre du jour ${tag}`).getByRole('link', { name: group.name }).count(), 0);
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});
