// « Messagerie » as people use it: two people in two browsers, a direct
// conversation opened from the list, messages arriving live, the header's
// unread count going up and down, « X écrit… », reply, edit (« modifié »),
// delete (« Message supprimé »), a reaction and the receipt; hostile
// Markdown and file names shown as text; a phone's two screens driven by the
// keyboard; a search result opening the conversation at its message; the
// English interface.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ADMIN, needsStack, createUser, unique, eventually, apiFor, browserTests, noSideways,
} from './helpers.mjs';

const stack = browserTests();

// live messages go through the notifier and nchan: a few seconds at most
const LIVE_MS = 15000;

/** The header's « Messagerie » link (its name carries the unread count). */
const chatLink = (page) => page.locator('header a.chat-link');

async function chatCount(page) {
  const label = (await chatLink(page).getAttribute('aria-label')) || '';
  const m = /(\d+)/.exec(label);
  return m ? Number(m[1]) : 0;
}

async function waitChatCount(page, n, what) {
  await eventually(async () => (await chatCount(page)) === n, {
    timeout: LIVE_MS, interval: 200,
    message: `the Messagerie link to count ${n} (${what}); it says « ${await chatLink(page).getAttribute('aria-label')} »`,
  });
}

/** Waits until the page's live connection is open (live.js marks <html data-live="open">). */
const liveOpen = (page) => page.locator('html[data-live="open"]').waitFor({ state: 'attached', timeout: LIVE_MS });

/** The message list (role="log") and one message in it. */
const logOf = (page) => page.getByRole('log');
const messageOf = (page, text) => logOf(page).locator('li.chat-msg', { hasText: text });

/** Types into the composer and presses Enter. */
async function send(page, text) {
  const input = page.getByLabel('Votre message', { exact: true });
  await input.fill(text);
  await input.press('Enter');
}

/** Two people (with their Api), a direct conversation between them made through the API. */
async function pair() {
  const tag = unique();
  const alice = await createUser(stack.admin, { name: `Alice Morel-${tag}` });
  const bruno = await createUser(stack.admin, { name: `Bruno Vidal-${tag}` });
  const aliceApi = await apiFor(alice);
  const brunoApi = await apiFor(bruno);
  return { tag, alice, bruno, aliceApi, brunoApi };
}

/** POST a message as `api`; a 429 (ten a second) is tried again after its Retry-After. */
async function postMessage(api, convId, body) {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await api.request('POST', `/conversations/${convId}/messages`, { body, client_id: `e2e-${unique()}` });
    } catch (err) {
      if (!/→ 429/.test(err.message) || attempt > 5) throw err;
      const retryMs = 1000;
      await new Promise((r) => setTimeout(r, retryMs));
    }
  }
}

test('a direct conversation between two people, live: unread count, typing, reply, edit, delete, reaction, receipt', needsStack, async () => {
  const s = await pair();
  const a = await stack.pageFor(s.alice, { path: '/messagerie' });
  const b = await stack.pageFor(s.bruno, { path: '/' });
  try {
    await liveOpen(b.page);
    assert.equal(await chatCount(b.page), 0, 'nothing unread for Bruno at first');
    assert.equal(await chatLink(b.page).getAttribute('aria-label'), 'Messagerie');

    // Alice starts the conversation from the list
    await a.page.getByRole('button', { name: 'Nouvelle conversation' }).click();
    const dialog = a.page.getByRole('dialog', { name: 'Nouvelle conversation' });
    await dialog.getByRole('combobox', { name: 'Ajouter une personne' }).fill(s.bruno.display_name);
    await dialog.getByRole('option', { name: new RegExp(s.bruno.display_name) }).click();
    await dialog.getByRole('list', { name: 'Personnes choisies' }).getByText(s.bruno.display_name).waitFor();
    await dialog.getByRole('button', { name: 'Commencer' }).click();
    await a.page.waitForURL(/\/messagerie\/\d+$/);
    const convId = new URL(a.page.url()).pathname.split('/').pop();
    await a.page.getByRole('heading', { level: 1, name: s.bruno.display_name }).waitFor();
    await liveOpen(a.page);

    await send(a.page, `Bonjour Bruno ${s.tag}`);
    const first = messageOf(a.page, `Bonjour Bruno ${s.tag}`);
    await first.waitFor();
    await eventually(async () => (await first.getAttribute('data-id')) !== '', { message: 'the server\'s copy to replace « envoi… »' });
    assert.equal(await first.getByText('envoi…').count(), 0);
    assert.equal(await messageOf(a.page, `Bonjour Bruno ${s.tag}`).count(), 1, 'the live copy of one\'s own message is not shown twice');

    // Bruno: the header counts it without a reload, then the list and the conversation
    await waitChatCount(b.page, 1, 'after Alice wrote');
    assert.equal(await chatLink(b.page).getAttribute('aria-label'), 'Messagerie, 1 conversation non lue');
    await chatLink(b.page).click();
    const entry = b.page.getByRole('list', { name: 'Vos conversations' }).getByRole('link', { name: new RegExp(s.alice.display_name) });
    await entry.waitFor();
    assert.match(await entry.innerText(), new RegExp(`Bonjour Bruno ${s.tag}`), 'the preview of the last message');
    assert.match(await entry.innerText(), /1 message non lu/);
    await entry.click();
    await b.page.waitForURL(`**/messagerie/${convId}`);
    await messageOf(b.page, `Bonjour Bruno ${s.tag}`).waitFor();
    await waitChatCount(b.page, 0, 'after Bruno opened the conversation');

    // « X écrit… » while Bruno types, then his message arrives live
    await b.page.getByLabel('Votre message', { exact: true }).pressSequentially('Sal', { delay: 30 });
    await a.page.getByText(`${s.bruno.display_name} écrit…`).waitFor({ timeout: LIVE_MS });
    await b.page.getByLabel('Votre message', { exact: true }).fill('');
    await send(b.page, `Salut Alice ${s.tag}`);
    await messageOf(a.page, `Salut Alice ${s.tag}`).waitFor({ timeout: LIVE_MS });
    await eventually(async () => (await a.page.getByText(`${s.bruno.display_name} écrit…`).count()) === 0,
      { message: 'the typing line to go once his message came' });

    // Alice answers Bruno's message: the quote above the composer, then in the message
    await messageOf(a.page, `Salut Alice ${s.tag}`).getByRole('button', { name: /^Actions sur le message de/ }).click();
    await a.page.getByRole('menuitem', { name: 'Répondre' }).click();
    await a.page.locator('.chat-reply-box').getByText(`En réponse à ${s.bruno.display_name}`).waitFor();
    await send(a.page, `Réponse ${s.tag}`);
    const answer = messageOf(b.page, `Réponse ${s.tag}`);
    await answer.waitFor({ timeout: LIVE_MS });
    assert.match(await answer.locator('blockquote').innerText(), new RegExp(`Salut Alice ${s.tag}`));

    // edit: « modifié » on both sides
    await first.getByRole('button', { name: /^Actions sur le message de/ }).click();
    await a.page.getByRole('menuitem', { name: 'Modifier' }).click();
    const editor = a.page.getByRole('form', { name: 'Modifier le message' });
    await editor.getByRole('textbox').fill(`Bonjour Bruno, ça va ? ${s.tag}`);
    await editor.getByRole('button', { name: 'Enregistrer' }).click();
    await messageOf(a.page, `Bonjour Bruno, ça va ? ${s.tag}`).getByText('modifié').waitFor();
    await messageOf(b.page, `Bonjour Bruno, ça va ? ${s.tag}`).getByText('modifié').waitFor({ timeout: LIVE_MS });

    // delete: a tombstone that keeps its place
    await messageOf(a.page, `Réponse ${s.tag}`).getByRole('button', { name: /^Actions sur le message de/ }).click();
    await a.page.getByRole('menuitem', { name: 'Supprimer' }).click();
    await a.page.getByRole('dialog', { name: 'Supprimer ce message ?' }).getByRole('button', { name: 'Supprimer' }).click();
    await eventually(async () => (await messageOf(b.page, `Réponse ${s.tag}`).count()) === 0,
      { timeout: LIVE_MS, message: 'the deleted text to leave Bruno\'s page' });
    await logOf(b.page).getByText('Message supprimé').waitFor();
    await logOf(a.page).getByText('Message supprimé').waitFor();

    // a reaction from Bruno, seen by Alice; his own is pressed
    const onBruno = messageOf(b.page, `Bonjour Bruno, ça va ? ${s.tag}`);
    await onBruno.getByRole('button', { name: 'Réagir' }).click();
    await b.page.getByRole('menuitem', { name: '👍' }).click();
    const mine = onBruno.getByRole('button', { name: '👍 : 1 personne' });
    await mine.waitFor();
    assert.equal(await mine.getAttribute('aria-pressed'), 'true');
    const seen = messageOf(a.page, `Bonjour Bruno, ça va ? ${s.tag}`).getByRole('button', { name: '👍 : 1 personne' });
    await seen.waitFor({ timeout: LIVE_MS });
    assert.equal(await seen.getAttribute('aria-pressed'), 'false');

    // Bruno read everything: Alice reads « Vu par Bruno… » under the last message
    await a.page.locator('.chat-receipts').getByText(`Vu par ${s.bruno.display_name}`).waitFor({ timeout: LIVE_MS });
    assert.deepEqual(a.page.problems, []);
    assert.deepEqual(b.page.problems, []);
  } finally {
    await a.context.close();
    await b.context.close();
  }
});

test('hostile Markdown and file names are shown as text, never as markup', needsStack, async () => {
  const s = await pair();
  const conv = await s.aliceApi.request('POST', '/conversations', { participants: [s.bruno.id] });
  const hostile = [
    `Piège ${s.tag}`,
    '<img src=x onerror=window.__pwned=1>',
    '[x](javascript:alert(1))',
    '<script>window.__pwned=2</script>',
  ].join('\n\n');
  await postMessage(s.aliceApi, conv.id, hostile);
  const fileName = '<img src=x onerror=window.__pwned=3>.png';
  const a = await stack.pageFor(s.alice, { path: `/messagerie/${conv.id}` });
  const b = await stack.pageFor(s.bruno, { path: `/messagerie/${conv.id}` });
  try {
    // Alice sends a PNG named like markup, from the computer
    await messageOf(a.page, `Piège ${s.tag}`).waitFor();
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
    const chooser = a.page.waitForEvent('filechooser');
    await a.page.getByRole('button', { name: 'Joindre un fichier depuis l\'ordinateur' }).click();
    await (await chooser).setFiles({ name: fileName, mimeType: 'image/png', buffer: png });
    const chip = a.page.locator('.chat-chips li', { hasText: fileName });
    await chip.waitFor();
    await eventually(async () => !(await chip.getAttribute('class')).includes('is-uploading'), { message: 'the upload to finish' });
    await send(a.page, `Fichier ${s.tag}`);

    for (const { page } of [a, b]) {
      const log = logOf(page);
      await messageOf(page, `Fichier ${s.tag}`).locator('.attach-name', { hasText: fileName }).waitFor({ timeout: LIVE_MS });
      const trap = messageOf(page, `Piège ${s.tag}`);
      for (const text of ['<img src=x onerror=window.__pwned=1>', '<script>window.__pwned=2</script>']) {
        await trap.getByText(text, { exact: false }).first().waitFor();
      }
      assert.equal(await log.locator('img[src="x"], img[onerror], script, [onerror]').count(), 0, 'no element made from the text');
      assert.equal(await log.locator('a[href^="javascript"]').count(), 0, 'no javascript: link');
      // the only image is the attachment's own preview (or its content), through the
      // conversation: never a drive file's address, which its id is not
      const imgs = await log.locator('img').evaluateAll((els) => els.map((e) => e.getAttribute('src')));
      const own = new RegExp(`^/api/v1/conversations/${conv.id}/attachments/\\d+/(preview\\?size=large|content)`);
      for (const src of imgs) assert.match(src, own);
      assert.equal(await page.evaluate(() => window.__pwned), undefined);
      assert.deepEqual(page.problems, []);
    }
  } finally {
    await a.context.close();
    await b.context.close();
  }
});

test('on a 360 px phone the list and the conversation are two screens, driven by the keyboard', needsStack, async () => {
  const s = await pair();
  const conv = await s.aliceApi.request('POST', '/conversations', { participants: [s.bruno.id] });
  await postMessage(s.aliceApi, conv.id, `Tu passes demain ? ${s.tag}`);
  const { context, page } = await stack.pageFor(s.bruno, { path: '/messagerie', viewport: { width: 360, height: 740 } });
  try {
    const list = page.getByRole('list', { name: 'Vos conversations' });
    const entry = list.getByRole('link', { name: new RegExp(s.alice.display_name) });
    await entry.waitFor();
    await noSideways(page);

    // Tab to the conversation, Enter opens it: the list is gone, the conversation has the focus
    let found = false;
    for (let i = 0; i < 40 && !found; i += 1) {
      await page.keyboard.press('Tab');
      found = await entry.evaluate((el) => el === document.activeElement);
    }
    assert.ok(found, 'the conversation\'s link is reached with Tab');
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/messagerie/${conv.id}`);
    const heading = page.getByRole('heading', { level: 1, name: s.alice.display_name });
    await heading.waitFor();
    await messageOf(page, `Tu passes demain ? ${s.tag}`).waitFor();
    assert.equal(await page.getByRole('list', { name: 'Vos conversations' }).isVisible(), false, 'the list is another screen');
    await noSideways(page);

    // answer with the keyboard only
    const input = page.getByLabel('Votre message', { exact: true });
    let inInput = false;
    for (let i = 0; i < 40 && !inInput; i += 1) {
      await page.keyboard.press('Tab');
      inInput = await input.evaluate((el) => el === document.activeElement);
    }
    assert.ok(inInput, 'the composer is reached with Tab');
    await page.keyboard.type(`Oui, à 9 h ${s.tag}`);
    await page.keyboard.press('Enter');
    await messageOf(page, `Oui, à 9 h ${s.tag}`).waitFor();
    await noSideways(page);

    // back to the list: the back link, reached with the keyboard
    const backLink = page.getByRole('link', { name: '← Conversations' });
    assert.ok(await backLink.isVisible(), 'a back link on the phone');
    await backLink.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/messagerie$/);
    await list.waitFor();
    assert.match(await list.getByRole('link', { name: new RegExp(s.alice.display_name) }).innerText(), new RegExp(`Oui, à 9 h ${s.tag}`));
    await noSideways(page);

    // Escape closes the new-conversation dialog
    await page.getByRole('button', { name: 'Nouvelle conversation' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Nouvelle conversation' }).waitFor();
    await page.keyboard.press('Escape');
    await eventually(async () => (await page.getByRole('dialog').count()) === 0, { message: 'the dialog to close on Escape' });
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('a search result of type message opens the conversation at that message, with its history around', needsStack, async () => {
  const s = await pair();
  const conv = await s.aliceApi.request('POST', '/conversations', { participants: [s.bruno.id] });
  const word = `zephyrin${s.tag}`;
  const target = await postMessage(s.aliceApi, conv.id, `Le code du portail est ${word}`);
  // more than a page after it: the newest page does not hold it
  for (let i = 0; i < 55; i += 1) await postMessage(s.brunoApi, conv.id, `Remplissage ${i}`);
  await eventually(async () => {
    const data = await s.brunoApi.request('GET', `/search?${new URLSearchParams({ q: word, type: 'message' })}`);
    return (data.items || []).some((it) => String(it.id) === String(target.id));
  }, { timeout: 20000, interval: 250, message: 'the message to be searchable' });

  const { context, page } = await stack.pageFor(s.bruno, { path: `/recherche?${new URLSearchParams({ q: word })}` });
  try {
    const facets = page.getByRole('navigation', { name: 'Type de résultat' });
    await facets.getByRole('link', { name: /^Messages/ }).click();
    await eventually(async () => new URL(page.url()).searchParams.get('type') === 'message', { message: 'type=message in the address' });
    const result = page.locator('li.result-message').first();
    await result.waitFor();
    assert.equal(await result.locator('.result-kind').textContent(), 'Message');
    assert.match(await result.getByRole('heading').innerText(), new RegExp(s.alice.display_name), 'titled with the other person\'s name');
    await result.getByRole('link').first().click();
    await page.waitForURL(`**/messagerie/${conv.id}?message=${target.id}`);
    const shown = messageOf(page, `Le code du portail est ${word}`);
    await shown.waitFor();
    assert.match(await shown.getAttribute('class'), /is-target/);
    assert.equal(await shown.evaluate((el) => el === document.activeElement), true, 'the message has the focus');
    // its neighbours are there too, and the newer ones load on the way down
    await messageOf(page, 'Remplissage 0').waitFor();
    // from the keyboard: a click scrolls the button into view, and reaching
    // the bottom loads the newer ones by itself (the button then goes)
    const newer = page.getByRole('button', { name: 'Messages plus récents' });
    await newer.evaluate((b) => b.focus({ preventScroll: true }));
    await page.keyboard.press('Enter');
    await messageOf(page, 'Remplissage 54').waitFor();
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('the chat speaks English once the language is switched', needsStack, async () => {
  const s = await pair();
  const conv = await s.aliceApi.request('POST', '/conversations', { participants: [s.bruno.id] });
  const gone = await postMessage(s.aliceApi, conv.id, `Oops ${s.tag}`);
  await s.aliceApi.request('DELETE', `/messages/${gone.id}`);
  await postMessage(s.aliceApi, conv.id, `Hello ${s.tag}`);
  const { context, page } = await stack.pageFor(s.bruno, { path: `/messagerie/${conv.id}` });
  try {
    await messageOf(page, `Hello ${s.tag}`).waitFor();
    await page.getByRole('button', { name: s.bruno.display_name }).click();
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: s.alice.display_name }).waitFor();
    await page.keyboard.press('Escape'); // the user menu stays open after the switch
    await page.getByRole('list', { name: 'Your conversations' }).waitFor();
    await page.getByRole('button', { name: 'New conversation' }).waitFor();
    await page.getByRole('button', { name: 'Send' }).waitFor();
    await page.getByLabel('Your message', { exact: true }).waitFor();
    await logOf(page).getByText('Message deleted').waitFor();
    await page.getByRole('button', { name: 'Conversation options' }).click();
    assert.deepEqual(await page.getByRole('menuitem').allInnerTexts(),
      ['Participants', 'Mute', 'Report', 'Leave the conversation']);
    await page.keyboard.press('Escape');
    assert.match(await chatLink(page).getAttribute('aria-label'), /^Messaging/);
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Messaging' }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('a group\'s discussion switched on by its manager; a report closed by an administrator; « Lancer une visio » with the video service set', needsStack, async () => {
  const s = await pair();
  const group = await s.aliceApi.request('POST', '/groups', { name: `Atelier ${s.tag}`, visibility: 'public' }, { expect: 201 });
  await s.aliceApi.request('PUT', `/groups/${group.id}/members/${s.bruno.id}`, {});
  const settings = await stack.admin.request('GET', '/settings');
  const a = await stack.pageFor(s.alice, { path: `/groupes/${group.id}` });
  let adminPage = null;
  try {
    // Alice, a manager, switches the discussion on from the group's page
    await a.page.getByRole('button', { name: 'Discussion du groupe' }).click();
    await a.page.getByRole('dialog', { name: 'Activer la discussion du groupe ?' }).getByRole('button', { name: 'Activer la discussion' }).click();
    await a.page.waitForURL(/\/messagerie\/\d+$/);
    const roomId = new URL(a.page.url()).pathname.split('/').pop();
    await a.page.getByRole('heading', { level: 1, name: `Atelier ${s.tag}` }).waitFor();
    await send(a.page, `Bienvenue ${s.tag}`);
    await messageOf(a.page, `Bienvenue ${s.tag}`).waitFor();
    const list = await s.brunoApi.request('GET', '/conversations');
    assert.ok(list.items.some((c) => String(c.id) === roomId && c.kind === 'room'), 'Bruno, a member, takes part');

    // the video service: set by the administrators, then « Lancer une visio » posts a meeting
    await stack.admin.request('PATCH', '/settings', { video_url: 'https://visio.example.org/' });
    await a.page.getByRole('button', { name: 'Lancer une visio' }).click();
    const join = logOf(a.page).getByRole('link', { name: 'Rejoindre la visio' });
    await join.waitFor();
    assert.match(await join.getAttribute('href'), /^https:\/\/visio\.example\.org\//);

    // Bruno reports it; an administrator closes it from « Signalements »
    await s.brunoApi.request('POST', `/conversations/${roomId}/report`, { reason: `Propos déplacés ${s.tag}` }, { expect: 201 });
    adminPage = await stack.pageFor({ email: ADMIN.email, password: ADMIN.password }, { path: '/admin/signalements' });
    await adminPage.page.getByRole('heading', { level: 1, name: 'Signalements' }).waitFor();
    const row = adminPage.page.getByRole('row', { name: new RegExp(`Atelier ${s.tag}`) }).first();
    await row.getByText(`Propos déplacés ${s.tag}`).waitFor();
    await row.getByRole('button', { name: `Fermer la conversation « Atelier ${s.tag} »` }).click();
    await adminPage.page.getByRole('status').filter({ hasText: `La conversation « Atelier ${s.tag} » est fermée.` }).waitFor();
    assert.equal(await adminPage.page.locator('main').getByText(`Bienvenue ${s.tag}`).count(), 0, 'never the messages');

    // closed: still readable, the composer says why it is off
    await a.page.reload();
    await messageOf(a.page, `Bienvenue ${s.tag}`).waitFor();
    await a.page.getByText('Cette conversation est fermée').waitFor();
    assert.equal(await a.page.getByLabel('Votre message', { exact: true }).isDisabled(), true);

    // the group's settings switch the discussion off
    await a.page.goto(`/groupes/${group.id}?onglet=parametres`);
    await a.page.getByText('La discussion du groupe est activée.').waitFor();
    await a.page.getByRole('button', { name: 'Désactiver la discussion' }).click();
    await a.page.getByRole('status').filter({ hasText: 'La discussion du groupe est désactivée.' }).waitFor();
    const after = await s.brunoApi.request('GET', '/conversations');
    assert.ok(!after.items.some((c) => String(c.id) === roomId), 'the discussion left Bruno\'s list');
    assert.deepEqual(a.page.problems, []);
    assert.deepEqual(adminPage.page.problems, []);
  } finally {
    await stack.admin.request('PATCH', '/settings', { video_url: settings.video_url || '' }).catch(() => {});
    await a.context.close();
    if (adminPage) await adminPage.context.close();
  }
});
