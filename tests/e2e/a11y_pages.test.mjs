// Accessibility of every page of the browser application (issue #16: « axe
// with 0 violations on every page at 360 and 1280 px, French and English »).
// A little of everything is made first through the API — a group with a
// post (a hashtag and a poll in it) and a comment, a file in its drive and
// in a person's drive (one shared, one in the trash), an event and a
// convocation, a conversation with a message (and its report), a
// notification, news for the portal, a report to moderate, tokens and
// webhooks, a charter (shown before the application, then withdrawn) — then
// every route of www/js/main.js is visited at 1280×800 and at 360×740 in
// French (the main ones in English too), with what opens over every page
// (menus, the bell, the search's suggestions), and the pages shown signed
// out: axe-core (WCAG 2.1 A and AA) finds nothing on any of them, and
// nothing scrolls sideways at 360 px (reflow, which axe does not measure).
// A failure lists, per page, width and language, each rule broken with its
// help and its first target. A11Y_TIMING=1 prints each page's times.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE, needsStack, browserTests, newPage, presetStorage, signIn, createUser, apiFor, groupWith, putFile,
  searchUntil, eventually, unique, axeDetails,
} from './helpers.mjs';

const stack = browserTests();

const WIDTHS = [{ width: 1280, height: 800 }, { width: 360, height: 740 }];
/** Waits until the page shows what it is for: `ready` (a text, or a
 * function of the page giving a locator; by default its <h1>), then
 * nothing still loading. */
async function settled(page, entry, where) {
  const loc = !entry.ready ? page.locator('h1').first()
    : typeof entry.ready === 'function' ? entry.ready(page) : page.getByText(entry.ready).first();
  await loc.waitFor({ state: 'visible' }).catch((err) => {
    throw new Error(`${where}: ${typeof entry.ready === 'string' ? `« ${entry.ready} »` : 'its content (or its title)'} never shown (${err.message.split('\n')[0]})`);
  });
  await eventually(() => page.evaluate(() => {
    const visible = (el) => el.getClientRects().length > 0;
    return ![...document.querySelectorAll('.loading, [aria-busy="true"]')].some(visible);
  }), { timeout: 10_000, message: `${where}: nothing left loading (.loading, aria-busy)` });
}

/** Goes to `path` as a link of the application would (the router's
 * popstate), without loading the page again: the view is drawn anew at the
 * current width, the shell stays. */
async function go(page, path) {
  await page.evaluate((to) => {
    window.history.pushState({}, '', to);
    window.dispatchEvent(new PopStateEvent('popstate'));
  }, path);
}

/**
 * Visits `entries` ({name, path, ready?, open?, width?, main?}) at both
 * widths (`width`: at that one only), the first by loading the page, the
 * others as the application's links do; the problems found, one line each.
 */
async function sweep(page, entries, lang) {
  const failures = [];
  for (const size of WIDTHS) {
    await page.setViewportSize(size);
    let first = true;
    for (const entry of entries) {
      if (entry.width && entry.width !== size.width) continue;
      const where = `${entry.name} (${entry.path}) at ${size.width} px, ${lang}`;
      const t0 = performance.now();
      if (first) await page.goto(BASE + entry.path);
      else await go(page, entry.path);
      first = false;
      await settled(page, entry, where);
      if (entry.open) await entry.open(page, where);
      const t1 = performance.now();
      assert.equal(await page.evaluate(() => document.documentElement.lang), lang, `${where}: the page's language`);
      const found = (await axeDetails(page)).map((v) => ({ id: v.id, help: v.help, target: v.targets[0] ?? '', count: v.targets.length }));
      if (process.env.A11Y_TIMING) console.error(`${where}: ${Math.round(t1 - t0)} ms to show, ${Math.round(performance.now() - t1)} ms of axe`);
      // WCAG 1.4.10 (reflow), which axe does not measure: nothing wider than a phone
      const wide = await page.evaluate((w) => {
        const width = document.documentElement.scrollWidth;
        if (width <= w) return null;
        // the innermost element whose content reaches past the screen's edge names the culprit
        const past = (e) => e.getBoundingClientRect().left + e.scrollWidth > w + 1;
        const el = [...document.body.querySelectorAll('*')].filter(past).find((e) => ![...e.children].some(past));
        return `${width} px wide${el ? `: ${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''}` : ''}`;
      }, size.width);
      if (wide) failures.push(`${where}: the page scrolls sideways (${wide})`);
      for (const v of found) {
        failures.push(`${where}: ${v.id} — ${v.help} — ${v.target}${v.count > 1 ? ` (and ${v.count - 1} more)` : ''}`);
      }
    }
  }
  return failures;
}

const report = (failures) => `${failures.length} problem(s):\n  ${failures.join('\n  ')}`;

/** A day ahead in Europe/Paris, YYYY-MM-DD. */
function dayAhead(days) {
  const d = new Date(Date.now() + days * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}

let made = null;
/** The people and content every page needs (made once, for all the tests). */
async function content() {
  if (made) return made;
  const { admin } = stack;
  const tag = unique();
  const word = `ardoise${tag}`;
  const hashtag = `marche${tag}`;
  const alice = await createUser(admin, { name: `Alice Lemoine-${tag}`, role: 'admin' });
  const bob = await createUser(admin, { name: `Bruno Carré-${tag}` });
  const aliceApi = await apiFor(alice);
  const bobApi = await apiFor(bob);

  const group = await groupWith(aliceApi, [bob], { name: `Atelier ${tag}` });
  const postTitle = `Réunion du jardin ${tag}`;
  const post = await aliceApi.request('POST', `/groups/${group.id}/posts`,
    { title: postTitle, body: `On prépare les semis ${word} #${hashtag}` }, { expect: 201 });
  const commentText = `Je viendrai avec des graines ${tag}`;
  await bobApi.request('POST', `/posts/${post.id}/comments`, { body: commentText }, { expect: 201 });
  await bobApi.request('PUT', `/posts/${post.id}/reaction`, { kind: 'bravo' });
  await aliceApi.request('POST', `/posts/${post.id}/poll`, { question: 'Quel jour ?', options: ['Samedi', 'Dimanche'] }, { expect: 201 });

  const groupDrive = await aliceApi.request('GET', `/groups/${group.id}/drive`);
  const groupFile = `compte-rendu-${tag}.txt`;
  const groupFileNode = await putFile(aliceApi, groupDrive.root_folder_id, groupFile, `Compte rendu ${word}`, { type: 'text/plain' });

  const mine = await aliceApi.request('GET', '/drive');
  const folderName = `Projets ${tag}`;
  const folder = await aliceApi.request('POST', '/folders', { parent_id: mine.root_folder_id, name: folderName }, { expect: 201 });
  const myFile = `budget-${tag}.txt`;
  const myFileNode = await putFile(aliceApi, folder.id, myFile, 'Budget 2027', { type: 'text/plain' });
  await aliceApi.request('PUT', `/nodes/${myFileNode.id}/shares/${bob.id}`, {});
  const trashed = `brouillon-${tag}.txt`;
  const trashedNode = await putFile(aliceApi, mine.root_folder_id, trashed, 'Brouillon', { type: 'text/plain' });
  await aliceApi.request('DELETE', `/files/${trashedNode.id}`, undefined, { expect: 204 });
  // opened lately: « Récents »
  await aliceApi.request('GET', `/files/${myFileNode.id}`);
  const bobMine = await bobApi.request('GET', '/drive');
  const bobFile = `planning-${tag}.txt`;
  const bobNode = await putFile(bobApi, bobMine.root_folder_id, bobFile, 'Planning', { type: 'text/plain' });
  await bobApi.request('PUT', `/nodes/${bobNode.id}/shares/${alice.id}`, {});

  const day = dayAhead(2);
  const eventTitle = `Plantation ${tag}`;
  const event = await aliceApi.request('POST', `/groups/${group.id}/events`, {
    title: eventTitle, description: 'Apportez des gants.', start: `${day}T14:00:00`, end: `${day}T16:00:00`,
    tz: 'Europe/Paris', place: 'Jardin partagé',
  }, { expect: 201 });
  await bobApi.request('PUT', `/events/${event.id}/answer`, { answer: 'yes', comment: 'Avec plaisir' });
  const convTitle = `Assemblée ${tag}`;
  const convocation = await aliceApi.request('POST', `/groups/${group.id}/convocations`, {
    event: { title: convTitle, start: `${dayAhead(5)}T18:00:00`, end: `${dayAhead(5)}T20:00:00`, tz: 'Europe/Paris', place: 'Salle des fêtes' },
    agenda: '1. Les comptes\n2. **Le bureau**',
    attachments: [groupFileNode.id],
  }, { expect: 201 });

  const newsTitle = `Travaux de la place ${tag}`;
  await admin.request('POST', '/news/posts', { title: newsTitle, body: 'La place est fermée lundi.', featured: true }, { expect: 201 });

  const conversation = await aliceApi.request('POST', '/conversations', { participants: [bob.id] }, { expect: 201 });
  const message = `Tu as les clés du local ? ${tag}`;
  await bobApi.request('POST', `/conversations/${conversation.id}/messages`, { body: message, client_id: `a11y-${tag}` }, { expect: 201 });
  // for « Signalements » (administration)
  await bobApi.request('POST', `/conversations/${conversation.id}/report`, { reason: `Ton déplacé ${tag}` }, { expect: 201 });

  // a token of Alice's, a service token, an outgoing webhook, an incoming one
  await aliceApi.request('POST', '/me/tokens', { name: `Tableur ${tag}`, scopes: ['read'] }, { expect: 201 });
  await aliceApi.request('POST', '/admin/tokens', { account: `Robot ${tag}`, name: `Export ${tag}`, scopes: ['read'] }, { expect: 201 });
  await aliceApi.request('POST', '/webhooks', { url: `https://hooks.example.org/${tag}`, events: ['post.created'] }, { expect: 201 });
  await aliceApi.request('POST', `/groups/${group.id}/webhooks/incoming`, { name: `Alertes ${tag}` }, { expect: 201 });

  // a report on Bob's post, for « Modération » (Alice manages the group)
  const bobPost = await bobApi.request('POST', `/groups/${group.id}/posts`, { body: `Vends vélo ${tag}` }, { expect: 201 });
  const carol = await createUser(admin, { name: `Carole Vidal-${tag}` });
  await aliceApi.request('PUT', `/groups/${group.id}/members/${carol.id}`, {});
  await (await apiFor(carol)).request('POST', '/reports', { target_type: 'post', target_id: bobPost.id, reason: 'spam', comment: 'Hors sujet' }, { expect: 201 });

  await eventually(async () => (await aliceApi.request('GET', '/notifications')).items.length > 0,
    { timeout: 10_000, message: 'a notification for Alice (Bruno\'s comment)' });
  await searchUntil(aliceApi, { q: word, limit: '20' }, (d) => ['post', 'file'].every((k) => d.items.some((it) => it.type === k)),
    'the post and the file in the search index');

  made = {
    tag, word, hashtag, alice, bob, group, post, postTitle, commentText, groupFile, folder, folderName, myFile, trashed,
    bobFile, event, eventTitle, convocation, convTitle, newsTitle, conversation, message,
  };
  return made;
}

/** The pages of the application (www/js/main.js's routes), as Alice (an administrator) sees them. */
function appPages(d) {
  const g = `/groupes/${d.group.id}`;
  return [
    { name: 'Accueil', path: '/', ready: d.newsTitle, main: true },
    { name: 'Fil', path: '/fil', ready: d.postTitle, main: true },
    { name: 'Publication', path: `/publications/${d.post.id}`, ready: d.commentText, main: true },
    { name: 'Mot-dièse', path: `/tags/${d.hashtag}`, ready: d.postTitle },
    { name: 'Groupes', path: '/groupes', ready: d.group.name, main: true },
    { name: 'Groupe — Fil', path: g, ready: d.postTitle, main: true },
    { name: 'Groupe — Drive', path: `${g}?onglet=drive`, ready: d.groupFile, main: true },
    { name: 'Groupe — Membres', path: `${g}?onglet=membres`, ready: (p) => p.getByRole('tabpanel').getByText(d.bob.display_name).first() },
    { name: 'Groupe — Agenda', path: `${g}?onglet=agenda`, ready: (p) => p.getByRole('tabpanel').locator('.agenda-body > *').first() },
    { name: 'Groupe — Paramètres', path: `${g}?onglet=parametres`, ready: `Alertes ${d.tag}` },
    { name: 'Drive', path: '/drive', ready: d.folderName, main: true },
    { name: 'Drive — dossier', path: `/drive/dossiers/${d.folder.id}`, ready: d.myFile },
    { name: 'Drive — récents', path: '/drive/recents' },
    { name: 'Drive — partagés avec moi', path: '/drive/partages', ready: d.bobFile },
    { name: 'Drive — corbeille', path: '/drive/corbeille', ready: d.trashed },
    { name: 'Personnes', path: '/personnes', main: true },
    { name: 'Profil', path: `/personnes/${d.bob.id}`, ready: (p) => p.getByRole('heading', { level: 1, name: d.bob.display_name }), main: true },
    { name: 'Mon profil', path: `/personnes/${d.alice.id}`, ready: (p) => p.getByRole('heading', { level: 1, name: d.alice.display_name }) },
    { name: 'Recherche', path: `/recherche?q=${d.word}`, ready: d.groupFile, main: true },
    { name: 'Messagerie', path: '/messagerie', ready: d.bob.display_name, main: true },
    { name: 'Conversation', path: `/messagerie/${d.conversation.id}`, ready: (p) => p.locator('main .chat-conv').getByText(d.message), main: true },
    { name: 'Notifications', path: '/notifications', ready: (p) => p.locator('main li').first(), main: true },
    { name: 'Réglages des notifications', path: '/notifications/reglages', ready: (p) => p.locator('main select').first(), main: true },
    { name: 'Mon agenda', path: '/agenda', ready: (p) => p.locator('main .agenda-body > *').first(), main: true },
    { name: 'Événement', path: `/evenements/${d.event.id}`, ready: (p) => p.getByRole('heading', { level: 1, name: d.eventTitle }), main: true },
    { name: 'Convocation', path: `/convocations/${d.convocation.id}`, ready: (p) => p.getByRole('heading', { level: 1 }).filter({ hasText: d.convTitle }) },
    { name: 'Mes données', path: '/mes-donnees', main: true },
    { name: 'Données personnelles', path: '/donnees-personnelles' },
    { name: 'Bienvenue', path: '/bienvenue' },
    { name: 'Jetons d\'accès', path: '/jetons', ready: `Tableur ${d.tag}` },
    { name: 'Modération', path: '/moderation', ready: `Vends vélo ${d.tag}` },
    { name: 'Administration — comptes', path: '/admin/comptes', ready: d.bob.email, main: true },
    { name: 'Administration — invitations', path: '/admin/invitations' },
    { name: 'Administration — import', path: '/admin/import' },
    { name: 'Administration — portail', path: '/admin/portail' },
    { name: 'Administration — recherche', path: '/admin/recherche' },
    { name: 'Administration — courriel', path: '/admin/courriel' },
    { name: 'Administration — annuaire', path: '/admin/annuaire' },
    { name: 'Administration — signalements', path: '/admin/signalements', ready: `Ton déplacé ${d.tag}` },
    { name: 'Administration — charte', path: '/admin/charte' },
    { name: 'Administration — statistiques', path: '/admin/statistiques' },
    { name: 'Administration — journal', path: '/admin/journal', ready: (p) => p.locator('main table').first() },
    { name: 'Administration — réglages', path: '/admin/reglages', main: true },
    { name: 'Administration — jetons', path: '/admin/jetons', ready: `Export ${d.tag}` },
    { name: 'Administration — webhooks', path: '/admin/webhooks', ready: `https://hooks.example.org/${d.tag}` },
    { name: 'Page introuvable', path: `/nulle-part-${d.tag}` },
    // what opens over every page: the navigation's drawer (phones), the
    // person's menu, the bell, the search's suggestions; a post's menu
    { name: 'Menu de navigation ouvert', path: '/fil', width: 360, open: opener('button.menu-toggle', 'nav.nav a') },
    { name: 'Menu de la personne ouvert', path: '/fil', open: opener('header .user-button', '.user-panel a'), main: true },
    { name: 'Cloche ouverte', path: '/fil', open: opener('header .bell-button', '.bell-panel .notif-list li'), main: true },
    { name: 'Suggestions de la recherche', path: '/fil', open: async (p, where) => {
      await p.locator('header .search-input').fill(d.bob.display_name);
      await p.locator('.search-list [role="option"]').first().waitFor()
        .catch(() => { throw new Error(`${where}: no suggestion shown`); });
    } },
    { name: 'Menu d\'une publication ouvert', path: `/publications/${d.post.id}`, ready: d.commentText,
      open: opener(`article.post-card button.menu-button`, '[role="menu"] [role="menuitem"]') },
  ];
}

/** Opens what `button` (a selector: the first one) opens and waits until `shown` is visible. */
function opener(button, shown) {
  return async (page, where) => {
    await page.locator(button).first().click();
    await page.locator(shown).first().waitFor({ state: 'visible' })
      .catch(() => { throw new Error(`${where}: ${shown} not shown after a click on ${button}`); });
  };
}

/** The pages shown to whoever is not signed in. */
const SIGNED_OUT = [
  { name: 'Connexion', path: '/connexion', ready: (p) => p.locator('input[type="password"]') },
  { name: 'Mot de passe oublié', path: '/mot-de-passe-oublie', ready: (p) => p.locator('input[type="email"]') },
  { name: 'Nouveau mot de passe (lien faux)', path: '/mot-de-passe/nouveau#faux' },
  { name: 'Invitation (lien faux)', path: '/invitation#faux' },
  { name: 'Désabonnement (lien faux)', path: '/desabonnement?t=faux' },
  { name: 'Accusé de réception (lien faux)', path: '/accuse/faux' },
];

/** A page in `lang` (the browser's language and the stored choice), signed in as `person` or not. */
async function pageIn(lang, person = null) {
  const { context, page } = await newPage(stack.browser, { locale: lang === 'en' ? 'en-GB' : 'fr-FR', timezoneId: 'Europe/Paris' });
  await presetStorage(context, { 'parvis.lang': lang });
  if (person) await signIn(page, person.email, person.password);
  return { context, page };
}

test('axe finds nothing on the pages shown signed out, at 1280 and 360 px, in French and in English', needsStack, async () => {
  const failures = [];
  for (const lang of ['fr', 'en']) {
    const { context, page } = await pageIn(lang);
    try {
      failures.push(...await sweep(page, SIGNED_OUT, lang));
      assert.deepEqual(page.problems, [], `${lang}: no script error`);
    } finally {
      await context.close();
    }
  }
  assert.deepEqual(failures, [], report(failures));
});

test('axe finds nothing on the charter shown before the application, at 1280 and 360 px, in French and in English', needsStack, async () => {
  const d = await content();
  const charter = await stack.admin.request('POST', '/charter', { body: `# Charte ${d.tag}\n\nSoyez **courtois**.` }, { expect: 201 });
  const failures = [];
  try {
    for (const lang of ['fr', 'en']) {
      const { context, page } = await pageIn(lang);
      try {
        await page.goto(`${BASE}/connexion`);
        const form = page.locator('form').filter({ has: page.locator('input[type="password"]') });
        await form.locator('input[name="email"]').fill(d.bob.email);
        await form.locator('input[name="password"]').fill(d.bob.password);
        await form.locator('button[type="submit"]').click();
        await page.getByText('courtois').waitFor();
        const entry = { name: 'Charte', path: '/', ready: (p) => p.getByText('courtois') };
        failures.push(...await sweep(page, [entry], lang));
      } finally {
        await context.close();
      }
    }
  } finally {
    await stack.admin.request('DELETE', '/charter', undefined, { expect: 204 });
  }
  assert.ok(charter.version, 'a charter published');
  assert.deepEqual(failures, [], report(failures));
});

test('axe finds nothing on any page of the application, at 1280 and 360 px, in French', needsStack, async () => {
  const d = await content();
  const { context, page } = await pageIn('fr', d.alice);
  try {
    const failures = await sweep(page, appPages(d), 'fr');
    assert.deepEqual(failures, [], report(failures));
    assert.deepEqual(page.problems, [], 'no script error');
  } finally {
    await context.close();
  }
});

test('axe finds nothing on the main pages in English, at 1280 and 360 px', needsStack, async () => {
  const d = await content();
  const { context, page } = await pageIn('en', d.alice);
  try {
    const failures = await sweep(page, appPages(d).filter((e) => e.main).map((e) => ({ ...e, name: `${e.name} [en]` })), 'en');
    assert.deepEqual(failures, [], report(failures));
    assert.deepEqual(page.problems, [], 'no script error');
  } finally {
    await context.close();
  }
});
