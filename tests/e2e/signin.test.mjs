// Sign-in page: language, errors, signing in and out.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, needsStack, launch, newPage, signIn, Api, createUser, eventually } from './helpers.mjs';

let browser;
let admin;

before(async () => {
  if (needsStack.skip) return;
  browser = await launch();
  admin = await Api.admin();
});
after(async () => { if (browser) await browser.close(); });

test('the sign-in page is in French by default', needsStack, async () => {
  // a browser that is neither French nor English gets French
  const { context, page } = await newPage(browser, { locale: 'de-DE' });
  try {
    await page.goto(`${BASE}/`);
    await page.getByRole('heading', { level: 1, name: 'Connexion' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/connexion');
    assert.equal(await page.locator('html').getAttribute('lang'), 'fr');
    await page.getByLabel('Adresse e-mail').waitFor();
    await page.getByLabel('Mot de passe').waitFor();
    await page.getByRole('button', { name: 'Se connecter' }).waitFor();
    assert.equal(await page.title(), 'Connexion — Parvis');
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('the sign-in page is in English for an English browser', needsStack, async () => {
  const { context, page } = await newPage(browser, { locale: 'en-US' });
  try {
    await page.goto(`${BASE}/`);
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    await page.getByLabel('E-mail address').waitFor();
    await page.getByLabel('Password').waitFor();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
  } finally {
    await context.close();
  }
});

test('the language switch changes the page and is remembered', needsStack, async () => {
  const { context, page } = await newPage(browser, { locale: 'fr-FR' });
  try {
    await page.goto(`${BASE}/`);
    await page.getByRole('heading', { level: 1, name: 'Connexion' }).waitFor();
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    assert.equal(await page.getByRole('button', { name: 'EN', exact: true }).getAttribute('aria-pressed'), 'true');
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await page.getByRole('button', { name: 'FR', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Connexion' }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'fr');
  } finally {
    await context.close();
  }
});

test('a wrong password shows the server message in an alert, in the page language', needsStack, async () => {
  const person = await createUser(admin);
  const messages = {};
  for (const [locale, labels] of [
    ['fr-FR', { email: 'Adresse e-mail', password: 'Mot de passe', submit: 'Se connecter' }],
    ['en-GB', { email: 'E-mail address', password: 'Password', submit: 'Sign in' }],
  ]) {
    const { context, page } = await newPage(browser, { locale });
    try {
      await page.goto(`${BASE}/`);
      await page.getByLabel(labels.email).fill(person.email);
      await page.getByLabel(labels.password).fill(`${person.password}-wrong`);
      await page.getByRole('button', { name: labels.submit }).click();
      const alert = page.getByRole('alert');
      await alert.waitFor();
      const text = (await alert.textContent()).trim();
      assert.ok(text.length > 0, 'the alert says something');
      messages[locale] = text;
      assert.equal(new URL(page.url()).pathname, '/connexion');
      assert.equal(await page.getByLabel(labels.password).inputValue(), '', 'the wrong password is cleared');
      assert.equal(await page.locator('nav').count(), 0, 'no application shell');
    } finally {
      await context.close();
    }
  }
  assert.notEqual(messages['fr-FR'], messages['en-GB'], 'the message follows Accept-Language');
});

test('signing in shows the application shell with the navigation and the name', needsStack, async () => {
  const person = await createUser(admin);
  const { context, page } = await newPage(browser);
  try {
    await page.goto(`${BASE}/`);
    await page.getByLabel('Adresse e-mail').fill(person.email);
    await page.getByLabel('Mot de passe').fill(person.password);
    await page.getByRole('button', { name: 'Se connecter' }).click();

    const nav = page.getByRole('navigation', { name: 'Navigation principale' });
    await nav.waitFor();
    for (const [name, href] of [['Accueil', '/'], ['Fil', '/fil'], ['Groupes', '/groupes'], ['Drive', '/drive'], ['Personnes', '/personnes']]) {
      assert.equal(await nav.getByRole('link', { name, exact: true }).getAttribute('href'), href);
    }
    assert.equal(await nav.getByRole('link', { name: 'Administration' }).count(), 0, 'no administration for a user');
    await page.getByRole('button', { name: person.display_name }).waitFor();
    await page.getByRole('heading', { level: 1, name: 'Accueil' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/');
    await page.getByRole('banner').waitFor();
    await page.getByRole('main').waitFor();

    // the pages answer through the navigation: the feed, and the person's drive
    await nav.getByRole('link', { name: 'Fil', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Fil' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/fil');
    await page.getByRole('feed', { name: 'Publications' }).waitFor({ state: 'attached' });
    await nav.getByRole('link', { name: 'Drive', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: /^Mon drive/ }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/drive');
    await page.goBack();
    await page.getByRole('heading', { level: 1, name: 'Fil' }).waitFor();
    await page.goBack();
    await page.getByRole('heading', { level: 1, name: 'Accueil' }).waitFor();
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('signing in from a deep link comes back to it', needsStack, async () => {
  const person = await createUser(admin);
  const { context, page } = await newPage(browser);
  try {
    await signIn(page, person.email, person.password, { path: '/personnes' });
    await page.getByRole('heading', { level: 1, name: 'Personnes' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/personnes');
  } finally {
    await context.close();
  }
});

test('signing out returns to the sign-in page, and a reload stays signed out', needsStack, async () => {
  const person = await createUser(admin);
  const { context, page } = await newPage(browser);
  try {
    await signIn(page, person.email, person.password);
    await page.getByRole('button', { name: person.display_name }).click();
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.getByRole('heading', { level: 1, name: 'Connexion' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/connexion');

    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Connexion' }).waitFor();
    assert.equal(await page.locator('nav').count(), 0);
    // the server agrees: the session is gone
    const status = await page.evaluate(async () => (await fetch('/api/v1/me', { credentials: 'same-origin' })).status);
    assert.equal(status, 401);

    // and going to a page of the application asks to sign in again
    await page.goto(`${BASE}/personnes`);
    await eventually(async () => new URL(page.url()).pathname === '/connexion', { message: 'redirect to /connexion' });
  } finally {
    await context.close();
  }
});
