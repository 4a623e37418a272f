// The console's shell: routes, the navigation of the signed-in user, and rendering one screen at a time.
import { h, replace } from './dom.js';
import { route, resolve, go, link } from './router.js';
import { session, signedIn, signOut, onSignOut, can } from './session.js';
import { clearError, showError, announce } from './widgets.js';

// each screen's module is loaded when it is first shown: the first visit loads the shell and the sign-in screen only
const lazy = (name, exported = 'render') => async (params, query) => {
  const module = await import(`./screens/${name}.js`);
  return module[exported](params, query);
};

route('/signin', lazy('signin'));
route('/', home);
route('/instances', lazy('instances'));
route('/orgs', lazy('orgs'));
route('/o/:org/projects', lazy('projects', 'list'));
route('/o/:org/projects/:project', lazy('projects', 'detail'));
route('/o/:org/projects/:project/apps/:app', lazy('app'));
route('/o/:org/users', lazy('users'));
route('/o/:org/users/:user', lazy('user'));
route('/o/:org/droplit', lazy('droplit', 'ecosystems'));
route('/o/:org/droplit/:ecosystem', lazy('droplit', 'ecosystem'));
route('/o/:org/droplit/:ecosystem/clients/:client', lazy('droplit', 'client'));
route('/oracle', lazy('oracle'));
route('/events', lazy('events'));

let rendering = 0;

function home() {
  go(session.kind === 'system' ? '#/instances' : link('o', session.me.orgId, 'projects'));
  return null;
}

function navigation(orgId) {
  const nav = document.getElementById('nav');
  if (!signedIn()) {
    nav.replaceChildren();
    return;
  }
  const items = session.kind === 'system'
    ? [['Instances', '#/instances']]
    : [
      ['Organizations', '#/orgs'],
      ['Projects', link('o', orgId, 'projects')],
      ['Machine users', link('o', orgId, 'users')],
      ['Droplit', link('o', orgId, 'droplit')],
      ['Oracle Commerce', '#/oracle'],
      can('events.read') ? ['Audit events', '#/events'] : null,
    ].filter(Boolean);
  const here = window.location.hash.split('?')[0];
  replace(nav, h('ul', {}, items.map(([label, href]) => h('li', {}, h('a', {
    href, 'aria-current': here === href || here.startsWith(`${href}/`) ? 'page' : false,
  }, label)))));
}

function whoAmI() {
  const who = document.getElementById('who');
  if (!signedIn()) {
    who.replaceChildren();
    return;
  }
  const name = session.kind === 'system' ? 'System token' : session.me.name;
  replace(who, h('span', { class: 'me' }, name), h('button', { type: 'button', class: 'link',
    on: { click: () => signOut('Signed out.') } }, 'Sign out'));
}

async function render() {
  const mine = ++rendering;
  clearError();
  const main = document.getElementById('main');
  let { screen, params, query, path } = resolve();
  if (!signedIn() && path !== '/signin') {
    // a deep link opened while signed out is where sign-in leads (screens/signin.js)
    session.wanted = window.location.hash && path !== '/' ? window.location.hash : null;
    go('#/signin');
    return;
  }
  if (signedIn() && path === '/signin') {
    go('#/');
    return;
  }
  session.organization = params.org || null;
  navigation(params.org || session.me?.orgId);
  whoAmI();
  if (!screen) {
    screen = () => h('section', {}, h('h1', {}, 'Not found'),
      h('p', {}, 'This console has no page at this address. '), h('a', { href: '#/' }, 'Start page'));
  }
  main.setAttribute('aria-busy', 'true');
  try {
    const content = await screen(params, query);
    if (mine !== rendering || content === null) return;
    replace(main, content);
    // how many screens have been shown: lets a test wait for the screen after an action, not the one before
    main.dataset.screens = String(Number(main.dataset.screens || 0) + 1);
    const heading = main.querySelector('h1');
    document.title = heading ? `${heading.textContent} · Keygate console` : 'Keygate console';
    // focus moves to the new screen's heading, as a page load would, for screen readers and keyboards
    if (heading && document.activeElement !== main.querySelector('[autofocus]')) {
      heading.tabIndex = -1;
      heading.focus({ preventScroll: true });
    }
    const auto = main.querySelector('[autofocus]');
    if (auto) auto.focus();
    // bench/console.sh reads the first of these: the first screen is on the page
    performance.mark('console-screen');
  } catch (error) {
    if (mine !== rendering) return;
    replace(main, h('section', {}, h('h1', {}, 'Something went wrong'),
      h('p', {}, 'The page could not be loaded. '), h('a', { href: '#/' }, 'Start page')));
    showError(error);
    if (error.status === 401) signOut('The token is no longer valid. Sign in again.');
  } finally {
    if (mine === rendering) main.removeAttribute('aria-busy');
  }
}

onSignOut((reason) => {
  session.wanted = null;
  if (reason) announce(reason);
  go('#/signin');
});

window.addEventListener('hashchange', render);
render();
