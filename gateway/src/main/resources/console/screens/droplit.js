// Droplit's ecosystems, their clients and the clients' tokens, through /api with the signed-in PAT as the
// account token (an owner's PAT).
import { h } from '../dom.js';
import { droplit } from '../api.js';
import { when, usage, expiry, instantOf } from '../format.js';
import { table, field, act, announce, showSecretOnce, dangerButton, facts } from '../widgets.js';
import { go, link } from '../router.js';

export async function ecosystems({ org }) {
  const { items = [] } = await droplit.ecosystems();
  const create = h('button', { type: 'button', class: 'primary', on: { click: () => act(create, async () => {
    const made = await droplit.createEcosystem({});
    announce(`Ecosystem ${made.id} created.`);
    go(link('o', org, 'droplit', made.id));
  }) } }, 'Create ecosystem');
  return h('section', {}, h('h1', {}, 'Droplit ecosystems'),
    h('p', {}, 'Ecosystems hold Droplit clients; server clients get tokens that reach their own ecosystem only.'),
    table('Ecosystems', ['Id', 'Created'], items.map((e) => [h('a', { href: link('o', org, 'droplit', e.id) }, e.id),
      when(e.createdAt)]), 'No ecosystem yet.'),
    h('div', { class: 'actions' }, create));
}

export async function ecosystem({ org, ecosystem: id }) {
  const found = await droplit.ecosystem(id);
  const { items = [] } = await droplit.clients(id);
  const name = h('input', { type: 'text', name: 'name', maxlength: 200 });
  const type = h('select', { name: 'type' }, h('option', { value: 'server' }, 'server'),
    h('option', { value: 'application' }, 'application'));
  const create = h('button', { type: 'submit', class: 'primary' }, 'Create client');
  const form = h('form', { class: 'card', on: { submit: (e) => {
    e.preventDefault();
    act(create, async () => {
      const made = await droplit.createClient({ ecosystemId: id, type: type.value, name: name.value.trim() || undefined });
      announce(`Client ${made.id} created.`);
      go(link('o', org, 'droplit', id, 'clients', made.id));
    });
  } } }, h('h2', {}, 'New client'), field('Name (optional)', name), field('Type', type),
  h('div', { class: 'actions' }, create));
  const remove = dangerButton({ label: 'Delete ecosystem', title: `Delete ecosystem ${id}?`,
    confirm: 'Delete ecosystem', message: 'Its clients and their tokens stop working at once.',
    run: () => droplit.deleteEcosystem(id), done: `Ecosystem ${id} deleted.`, next: link('o', org, 'droplit') });
  return h('section', {},
    h('nav', { 'aria-label': 'Breadcrumb', class: 'crumbs' }, h('a', { href: link('o', org, 'droplit') }, 'Ecosystems')),
    h('h1', {}, `Ecosystem ${id}`),
    facts([['Created', when(found.createdAt)]]),
    table('Clients of the ecosystem', ['Client', 'Name', 'Type', 'Created'], items.map((c) => [
      h('a', { href: link('o', org, 'droplit', id, 'clients', c.id) }, c.id), c.name || '', c.type,
      when(c.createdAt)]), 'No client yet.'),
    form,
    h('div', { class: 'card danger-zone' }, h('h2', {}, 'Danger zone'), remove));
}

export async function client({ org, ecosystem: ecosystemId, client: id }) {
  const found = await droplit.client(id);
  const { items = [] } = await droplit.tokens(id);
  const description = h('input', { type: 'text', name: 'description', maxlength: 1000 });
  const expires = h('input', { type: 'datetime-local', name: 'expires' });
  const create = h('button', { type: 'submit', class: 'primary' }, 'Create token');
  const form = h('form', { class: 'card', on: { submit: (e) => {
    e.preventDefault();
    act(create, async () => {
      const made = await droplit.createToken(id, { description: description.value.trim() || undefined,
        expiresAt: instantOf(expires.value) });
      await showSecretOnce({ title: 'New client token', opener: create, values: [{ label: 'token', value: made.token }],
        note: 'Send it as the authorization header to the Droplit API.' });
      go(window.location.hash);
    });
  } } }, h('h2', {}, 'New token'), field('Description (optional)', description),
  field('Token expires (optional, your time zone)', expires), h('div', { class: 'actions' }, create));
  const remove = dangerButton({ label: 'Delete client', title: `Delete client ${id}?`, confirm: 'Delete client',
    message: 'Its tokens stop working at once.', run: () => droplit.deleteClient(id), done: `Client ${id} deleted.`,
    next: link('o', org, 'droplit', ecosystemId) });
  return h('section', {},
    h('nav', { 'aria-label': 'Breadcrumb', class: 'crumbs' }, h('a', { href: link('o', org, 'droplit') }, 'Ecosystems'),
      ' / ', h('a', { href: link('o', org, 'droplit', ecosystemId) }, 'Ecosystem')),
    h('h1', {}, `Client ${found.name || id}`),
    facts([['Client id', h('code', {}, id)], ['Type', found.type], ['Created', when(found.createdAt)]]),
    table('Tokens of the client', ['Token', 'Description', 'Created', 'Expires', 'Last used'], items.map((t) => [
      h('code', {}, t.id), t.description || '', when(t.createdAt), [when(t.expiresAt), ' ', expiry(t.expiresAt)],
      [when(t.lastUsedAt), ' ', usage(t.lastUsedAt)]]), 'No token yet.'),
    form,
    h('div', { class: 'card danger-zone' }, h('h2', {}, 'Danger zone'), remove));
}
