// Oracle Commerce application IDs. Its admin API takes its own access token, from a login of an admin user of the
// instance (/ccadmin/v1/login, on the instance's host): the console asks for that login here and keeps the token in
// memory like the main one.
import { h } from '../dom.js';
import { oracle } from '../api.js';
import { session } from '../session.js';
import { table, pager, field, act, showSecretOnce, confirmAction, dangerButton } from '../widgets.js';
import { go, withQuery } from '../router.js';

const LIMIT = 50;
const LIFETIMES = [['-1', 'never expires'], ['1', '1 day'], ['30', '30 days'], ['90', '90 days'], ['365', '1 year']];
const OVERLAPS = [['0', 'none: the old key stops at once'], ['3600', '1 hour'], ['86400', '1 day'],
  ['604800', '7 days']];

export async function render(params, query) {
  if (!session.oracle) return loginForm();
  const offset = Number(query.offset || 0);
  const answer = await oracle.list(offset, LIMIT).catch((e) => {
    if (e.status === 401) {
      session.oracle = null;
      return null;
    }
    throw e;
  });
  if (!answer) return loginForm('The Oracle Commerce login has expired: log in again.');
  const items = answer.items || [];
  const total = answer.totalResults ?? items.length;
  const name = h('input', { type: 'text', name: 'name', required: true, maxlength: 256 });
  const lifetime = h('select', { name: 'lifetimeDays' }, LIFETIMES.map(([v, l]) => h('option', { value: v }, l)));
  const create = h('button', { type: 'submit', class: 'primary' }, 'Create application ID');
  const form = h('form', { class: 'card', on: { submit: (e) => {
    e.preventDefault();
    act(create, async () => {
      const made = await oracle.create({ name: name.value.trim(), type: 'application',
        lifetimeDays: Number(lifetime.value) });
      await showSecretOnce({ title: `Application ID ${name.value.trim()} created`, opener: create,
        values: [{ label: 'application key', value: made.token }],
        note: 'The application key logs in at /ccadmin/v1/login (grant_type=client_credentials).' });
      go(window.location.hash);
    });
  } } }, h('h2', {}, 'New application ID'), field('Name', name), field('Key lifetime', lifetime),
  h('div', { class: 'actions' }, create));

  const rows = items.map((app) => {
    const overlap = h('select', { name: `overlap-${app.id}`, 'aria-label': `Old key of ${app.name} keeps working for` },
      OVERLAPS.map(([v, l]) => h('option', { value: v }, l)));
    const regenerate = h('button', { type: 'button', on: { click: async () => {
      const sure = await confirmAction({ title: `Regenerate the key of ${app.name}?`, opener: regenerate,
        confirm: 'Regenerate', message: overlap.value === '0' ? 'The current key stops working at once.'
          : `The current key keeps working for ${overlap.selectedOptions[0].textContent}.` });
      if (!sure) return;
      await act(regenerate, async () => {
        const made = await oracle.regenerate(app.id, { op: 'genAuthToken', type: 'application',
          previousTokenValidSeconds: Number(overlap.value) || undefined });
        await showSecretOnce({ title: `New key of ${app.name}`, opener: regenerate,
          values: [{ label: 'application key', value: made.token }] });
        go(window.location.hash);
      });
    } } }, 'Regenerate key');
    const remove = dangerButton({ label: 'Delete', small: true, title: `Delete application ID ${app.name}?`,
      confirm: 'Delete', message: 'Its key stops working at once.', run: () => oracle.remove(app.id),
      done: `Application ID ${app.name} deleted.` });
    return [app.name, h('code', {}, app.id), app.creationTime, app.inUse ? 'in use' : 'not in use',
      h('div', { class: 'inline' }, overlap, regenerate, remove)];
  });
  const signOutOracle = h('button', { type: 'button', class: 'link', on: { click: () => {
    session.oracle = null;
    go(window.location.hash);
  } } }, 'Log out of Oracle Commerce');
  return h('section', {}, h('h1', {}, 'Oracle Commerce application IDs'),
    h('p', { class: 'muted' }, `Logged in as ${session.oracle.user} on ${session.oracle.host}. `, signOutOracle),
    table('Application IDs', ['Name', 'Id', 'Created', 'Use', 'Key'], rows, 'No application ID yet.'),
    pager({ offset, limit: LIMIT, total, shown: items.length, go: (o) => go(withQuery('/oracle', { offset: o })) }),
    form);
}

function loginForm(notice) {
  const host = h('input', { type: 'text', name: 'host', required: true, autocomplete: 'off', spellcheck: 'false' });
  const username = h('input', { type: 'text', name: 'username', required: true, autocomplete: 'username' });
  const password = h('input', { type: 'password', name: 'password', required: true, autocomplete: 'current-password' });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Log in');
  const form = h('form', { class: 'card narrow', on: { submit: (e) => {
    e.preventDefault();
    act(submit, async () => {
      const answer = await oracle.login(host.value.trim().toLowerCase(), username.value.trim(), password.value);
      password.value = '';
      session.oracle = { token: answer.access_token, host: host.value.trim().toLowerCase(),
        user: username.value.trim() };
      go(window.location.hash);
    });
  } } },
  field('Instance domain', host, 'The domain of your instance, e.g. shop-4029….localhost (its admin logs in there).'),
  field('Admin user name', username), field('Password', password), h('div', { class: 'actions' }, submit));
  return h('section', {}, h('h1', {}, 'Oracle Commerce application IDs'),
    notice ? h('p', { class: 'warning' }, notice) : null,
    h('p', {}, 'Oracle Commerce\'s admin API takes its own login: an admin user of the instance with a password.'),
    form);
}
