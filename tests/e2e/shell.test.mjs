// The application shell: administration entry, small screens, keyboard.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, ADMIN, needsStack, launch, newPage, signIn, Api, createUser, focusedOutline } from './helpers.mjs';

let browser;
let admin;

before(async () => {
  if (needsStack.skip) return;
  browser = await launch();
  admin = await Api.admin();
});
after(async () => { if (browser) await browser.close(); });

test('an administrator sees Administration in the navigation', needsStack, async () => {
  const { context, page } = await newPage(browser);
  try {
    await signIn(page, ADMIN.email, ADMIN.password);
    const nav = page.getByRole('navigation', { name: 'Navigation principale' });
    const link = nav.getByRole('link', { name: 'Administration' });
    assert.equal(await link.getAttribute('href'), '/admin/comptes');
    await page.getByRole('button', { name: admin.user.display_name }).waitFor();
  } finally {
    await context.close();
  }
});

test('at 360 px the navigation is reached through the menu button', needsStack, async () => {
  const person = await createUser(admin);
  const { context, page } = await newPage(browser, { viewport: { width: 360, height: 740 } });
  try {
    await signIn(page, person.email, person.password);
    const people = page.getByRole('link', { name: 'Personnes', exact: true });
    assert.equal(await people.isVisible(), false, 'the navigation starts collapsed');
    const menu = page.getByRole('button', { name: 'Menu' });
    assert.equal(await menu.getAttribute('aria-expanded'), 'false');
    await menu.click();
    assert.equal(await menu.getAttribute('aria-expanded'), 'true');
    await people.waitFor({ state: 'visible' });
    await people.click();
    await page.getByRole('heading', { level: 1, name: 'Personnes' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/personnes');
    assert.equal(await people.isVisible(), false, 'the menu closes after choosing');
    // the search box and the user menu are there too, and nothing overflows sideways
    assert.ok(await page.getByRole('combobox', { name: 'Rechercher' }).isVisible());
    assert.ok(await page.getByRole('button', { name: person.display_name }).isVisible());
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `page is ${width}px wide`);
  } finally {
    await context.close();
  }
});

test('the sign-in page fits a 360 px screen', needsStack, async () => {
  const { context, page } = await newPage(browser, { viewport: { width: 360, height: 740 } });
  try {
    await page.goto(`${BASE}/`);
    await page.getByRole('button', { name: 'Se connecter' }).waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `page is ${width}px wide`);
    const box = await page.getByRole('button', { name: 'Se connecter' }).boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= 360);
  } finally {
    await context.close();
  }
});

test('Tab reaches the search box, and the focus is visible', needsStack, async () => {
  const person = await createUser(admin);
  const { context, page } = await newPage(browser);
  try {
    await signIn(page, person.email, person.password);
    // start from the top of a freshly loaded page, as a keyboard user would
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Accueil' }).waitFor();
    let reached = null;
    for (let i = 0; i < 8 && !reached; i += 1) {
      await page.keyboard.press('Tab');
      const focus = await focusedOutline(page);
      assert.notEqual(focus.style, 'none', `focused <${focus.tag}> shows an outline`);
      if (focus.tag === 'input' && focus.type === 'search') reached = focus;
    }
    assert.ok(reached, 'the search box is reached within 8 Tab presses');
    assert.ok(reached.width > 0, 'the outline has a width');
    const label = await page.evaluate(() => document.activeElement.getAttribute('aria-label'));
    assert.equal(label, 'Rechercher');

    // the user menu opens and closes from the keyboard
    const userButton = page.getByRole('button', { name: person.display_name });
    await userButton.focus();
    await page.keyboard.press('Enter');
    assert.equal(await userButton.getAttribute('aria-expanded'), 'true');
    await page.getByRole('button', { name: 'Se déconnecter' }).waitFor();
    await page.keyboard.press('Escape');
    assert.equal(await userButton.getAttribute('aria-expanded'), 'false');
  } finally {
    await context.close();
  }
});

test('the language can be changed from the user menu', needsStack, async () => {
  const person = await createUser(admin);
  const { context, page } = await newPage(browser);
  try {
    await signIn(page, person.email, person.password);
    await page.getByRole('button', { name: person.display_name }).click();
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Home' }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'People' }).waitFor();
    await page.getByRole('combobox', { name: 'Search' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Home' }).waitFor();
  } finally {
    await context.close();
  }
});
