// Start-up and page switching: who is signed in decides between the sign-in
// page and the application shell; the router picks the view inside the shell.
// The unsubscribe page (a link in the e-mails) and the password pages
// (« Mot de passe oublié ? », the reset link of a mail) stand alone, signed
// in or not.

import { setLang, initialLang, onLangChange, t } from './i18n.js';
import { setUnauthenticatedHandler, setCharterRequiredHandler } from './api.js';
import * as session from './session.js';
import { route, match, start, navigate, currentLocation, setAddress } from './router.js';
import { renderSignIn } from './views/signin.js';
import { renderShell } from './shell.js';
import { drive, driveFolder, driveRecent, driveShared, driveTrash } from './views/drive.js';
import { home } from './views/home.js';
import { feed } from './views/feed.js';
import { postView } from './views/post.js';
import { tag } from './views/tag.js';
import { adminPortal } from './views/admin-portal.js';
import { adminSearch } from './views/admin-search.js';
import { groups } from './views/groups.js';
import { group } from './views/group.js';
import { people } from './views/people.js';
import { profile } from './views/profile.js';
import { results } from './views/results.js';
import { adminAccounts } from './views/admin-accounts.js';
import { notFound } from './views/notfound.js';
import { notifications } from './views/notifications.js';
import { notificationSettings } from './views/notification-settings.js';
import { adminMail } from './views/admin-mail.js';
import { adminLdap } from './views/admin-ldap.js';
import { adminChatReports } from './views/admin-chat-reports.js';
import { adminCharter } from './views/admin-charter.js';
import { adminWebhooks } from './views/admin-webhooks.js';
import { moderation } from './views/moderation.js';
import { renderCharter } from './views/charter.js';
import { chat } from './views/chat.js';
import { myData } from './views/my-data.js';
import { privacy } from './views/privacy.js';
import { renderUnsubscribe } from './views/unsubscribe.js';
import { renderAcceptInvitation, INVITATION_PATH } from './views/invitation.js';
import { adminInvitations } from './views/admin-invitations.js';
import { adminImport } from './views/admin-import.js';
import { adminStatistics } from './views/admin-statistics.js';
import { adminJournal } from './views/admin-journal.js';
import { myAgenda } from './views/agenda.js';
import { eventView } from './views/event.js';
import { convocationView } from './views/convocation.js';
import { welcome } from './views/welcome.js';
import { adminSettings } from './views/admin-settings.js';
import { myTokens } from './views/my-tokens.js';
import { adminTokens } from './views/admin-tokens.js';
import { renderReceipt, receiptToken, RECEIPT_PREFIX } from './views/receipt.js';
import { renderForgotPassword, renderResetPassword, FORGOT_PATH, RESET_PATH } from './views/password.js';
import { startLive, stopLive } from './live.js';
import { setPageTitle } from './title.js';
import { h } from './dom.js';
import { alertBox } from './ui.js';
import { registerWorker, watchNetwork, onOnline, forgetOffline } from './pwa.js';

const SIGN_IN_PATH = '/connexion';
const UNSUBSCRIBE_PATH = '/desabonnement';

route('/', home);
route('/fil', feed);
route('/publications/:id', postView);
route('/tags/:tag', tag);
route('/groupes', groups);
route('/groupes/:id', group);
route('/drive', drive);
route('/drive/dossiers/:id', driveFolder);
route('/drive/recents', driveRecent);
route('/drive/partages', driveShared);
route('/drive/corbeille', driveTrash);
route('/personnes', people);
route('/personnes/:id', profile);
route('/recherche', results);
route('/admin', { redirect: '/admin/comptes' });
route('/admin/comptes', adminAccounts);
route('/admin/invitations', adminInvitations);
route('/admin/import', adminImport);
route('/admin/portail', adminPortal);
route('/admin/recherche', adminSearch);
route('/admin/courriel', adminMail);
route('/admin/annuaire', adminLdap);
route('/admin/messagerie', { redirect: '/admin/courriel' });
route('/admin/signalements', adminChatReports);
route('/admin/charte', adminCharter);
route('/moderation', moderation);
route('/admin/statistiques', adminStatistics);
route('/admin/journal', adminJournal);
route('/messagerie', chat);
route('/messagerie/:id', chat);
route('/notifications', notifications);
route('/notifications/reglages', notificationSettings);
route('/mes-donnees', myData);
route('/donnees-personnelles', privacy);
route('/agenda', myAgenda);
route('/evenements/:id', eventView);
route('/convocations/:id', convocationView);
route('/bienvenue', welcome);
route('/admin/reglages', adminSettings);
route('/jetons', myTokens);
route('/admin/jetons', adminTokens);
route('/admin/webhooks', adminWebhooks);

const root = document.getElementById('app');
let shell = null;          // the signed-in frame, built once per sign-in / language
let viewController = null; // aborts the current view's requests on navigation
let returnTo = null;       // where to go after signing in
let signInNotice = null;   // an informative message for the sign-in page

function showSignIn({ focus = false, email = '' } = {}) {
  shell = null;
  stopLive();
  if (viewController) viewController.abort();
  const { path, href } = currentLocation();
  if (path !== SIGN_IN_PATH) {
    returnTo = href;
    setAddress(SIGN_IN_PATH);
  }
  const page = renderSignIn(root, {
    notice: signInNotice,
    email,
    onSignedIn: () => {
      signInNotice = null;
      const target = returnTo && returnTo !== SIGN_IN_PATH ? returnTo : '/';
      returnTo = null;
      shell = null;
      navigate(target, { replace: true, focus: false });
    },
  });
  if (focus) page.focus();
}

async function signOut() {
  let providerLogout = null;
  try {
    providerLogout = await session.signOut();
  } catch {
    // the local session is forgotten anyway
  }
  // the copies kept for offline reading go with the session (docs/delivery.md)
  await forgetOffline();
  // single sign-on: the sign-out at the provider too, which sends the browser back (docs/sso.md)
  if (providerLogout) { window.location.assign(providerLogout); return; }
  returnTo = null;
  signInNotice = 'signin.signedOut';
  setAddress(SIGN_IN_PATH);
  showSignIn({ focus: true });
}

/** /desabonnement?t=… — no shell, no sign-in needed. */
function showUnsubscribe(query, { focus = false } = {}) {
  shell = null;
  if (viewController) viewController.abort();
  viewController = new AbortController();
  const page = renderUnsubscribe(root, { token: query.get('t') || '', signal: viewController.signal });
  if (focus) page.focus();
}

/** /mot-de-passe-oublie: the address typed on the sign-in page comes along. */
function showForgotPassword({ focus = false } = {}) {
  shell = null;
  if (viewController) viewController.abort();
  const typed = root.querySelector('input[type="email"]');
  const page = renderForgotPassword(root, { email: typed ? typed.value.trim() : '' });
  if (focus) page.focus();
}

/** /mot-de-passe/nouveau#TOKEN: once saved, every session of the person has ended. */
function showResetPassword({ focus = false } = {}) {
  shell = null;
  if (viewController) viewController.abort();
  const page = renderResetPassword(root, {
    onDone: () => {
      session.forget();
      returnTo = null;
      signInNotice = 'password.resetDone';
      setAddress(SIGN_IN_PATH);
      showSignIn({ focus: true });
    },
  });
  if (focus) page.focus();
}

/** /invitation#TOKEN: once accepted, the person is signed in and lands on the home page. */
function showAcceptInvitation({ focus = false } = {}) {
  shell = null;
  if (viewController) viewController.abort();
  const page = renderAcceptInvitation(root, {
    onDone: () => {
      returnTo = null;
      setAddress('/');
      renderRoute({ focus: true });
    },
  });
  if (focus) page.focus();
}

/** /accuse/{token}: a convocation's receipt, confirmed by a button, signed in or not. */
function showReceipt(path, { focus = false } = {}) {
  shell = null;
  if (viewController) viewController.abort();
  viewController = new AbortController();
  const page = renderReceipt(root, { token: receiptToken(path), signal: viewController.signal });
  if (focus) page.focus();
}

/** The charter in force, not accepted yet: its page, nothing else (docs/moderation.md). */
function showCharter({ focus = false } = {}) {
  shell = null;
  stopLive();
  if (viewController) viewController.abort();
  const page = renderCharter(root, {
    onAccepted: () => {
      session.setCharterRequired(null);
      renderRoute({ focus: true });
    },
    onSignOut: signOut,
  });
  if (focus) page.focus();
}

const at = (path, base) => path === base || path === `${base}/`;

function renderRoute({ focus = false, keepUserMenu = false } = {}) {
  const user = session.user();
  const here = currentLocation();
  if (at(here.path, UNSUBSCRIBE_PATH)) {
    showUnsubscribe(here.query, { focus });
    return;
  }
  if (at(here.path, FORGOT_PATH)) {
    showForgotPassword({ focus });
    return;
  }
  if (at(here.path, INVITATION_PATH)) {
    showAcceptInvitation({ focus });
    return;
  }
  if (at(here.path, RESET_PATH)) {
    showResetPassword({ focus });
    return;
  }
  if (here.path.startsWith(RECEIPT_PREFIX)) {
    showReceipt(here.path, { focus });
    return;
  }
  if (!user) {
    showSignIn({ focus });
    return;
  }
  if (session.charterRequired()) {
    showCharter({ focus });
    return;
  }
  let { path, query } = currentLocation();
  if (path === SIGN_IN_PATH) {
    setAddress('/');
    ({ path, query } = currentLocation());
  }
  let found = match(path);
  if (found && found.view.redirect) {
    setAddress(found.view.redirect);
    ({ path, query } = currentLocation());
    found = match(path);
  }
  const view = found ? found.view : notFound;

  if (!shell) {
    shell = renderShell(root, { user, navigate, onSignOut: signOut });
    startLive(user, { unread: session.takeUnread() });
  }
  shell.update(path, query);
  if (keepUserMenu) shell.openUserMenu();

  if (viewController) viewController.abort();
  viewController = new AbortController();
  const main = shell.main;
  main.replaceChildren();
  const setTitle = (text) => setPageTitle(text);
  setTitle(view.title());
  try {
    const done = view.render(main, {
      params: found ? found.params : {},
      query,
      user,
      navigate,
      setTitle,
      signal: viewController.signal,
    });
    if (done && typeof done.catch === 'function') done.catch(showViewError(main));
  } catch (err) {
    showViewError(main)(err);
  }
  if (focus) {
    const heading = main.querySelector('h1');
    (heading || main).focus({ preventScroll: false });
  }
  window.scrollTo(0, 0);
}

function showViewError(main) {
  return (err) => {
    if (err && err.name === 'AbortError') return;
    console.error(err);
    main.append(alertBox(t('error.generic')));
  };
}

async function boot() {
  await setLang(initialLang());
  watchNetwork();
  // back online: the session read again (its CSRF token is never kept
  // offline; an ended session shows the sign-in page)
  onOnline(() => {
    if (!session.user()) return;
    session.loadMe().then((u) => { if (!u) showSignIn({ focus: false }); }).catch(() => {});
  });

  // the person renamed themselves: the header follows
  session.onUserChange((user) => { if (shell) shell.setUser(user); });

  setUnauthenticatedHandler(() => {
    // the session ended elsewhere (expired, signed out in another tab)
    if (!session.user()) return;
    session.forget();
    signInNotice = 'signin.expired';
    showSignIn({ focus: true });
  });

  setCharterRequiredHandler((version) => {
    // a charter published while the person was using the application
    if (!session.user() || session.charterRequired()) return;
    session.setCharterRequired(version || true);
    showCharter({ focus: true });
  });

  onLangChange(() => {
    const path = currentLocation().path;
    if (at(path, UNSUBSCRIBE_PATH) || at(path, FORGOT_PATH) || at(path, RESET_PATH) || path.startsWith(RECEIPT_PREFIX)) {
      renderRoute({ focus: false });
    } else if (session.user()) {
      const keepUserMenu = shell ? shell.isUserMenuOpen() : false;
      shell = null;
      renderRoute({ focus: false, keepUserMenu });
    } else {
      const email = root.querySelector('input[type="email"]');
      showSignIn({ email: email ? email.value : '' });
    }
  });

  try {
    await session.loadMe();
  } catch (err) {
    // the server cannot be reached: say so, and offer to try again
    root.replaceChildren(h('main', { id: 'main', class: 'signin-main' },
      h('section', { class: 'card signin-card' },
        alertBox(err && err.message ? err.message : t('error.network')),
        h('button', { type: 'button', class: 'btn btn-primary', onclick: () => window.location.reload() }, t('common.retry')))));
    return;
  }
  start(renderRoute);
}

boot();
registerWorker();
