// One machine user: its secret (rotation with overlap, last use), personal access tokens, keys, and deletion.
import { h } from '../dom.js';
import { v2 } from '../api.js';
import { when, expiry, usage, instantOf, localInputValue } from '../format.js';
import { table, field, act, guarded, dangerButton, facts, showSecretOnce, copyable } from '../widgets.js';
import { go, link } from '../router.js';
import { can } from '../session.js';
import { secretPanel, keysPanel, keyFileText } from './credentials.js';

export async function render({ org, user: userId }) {
  const { user } = await v2('user', 'GetUserByID', { userId });
  const write = can('user.write');
  const machine = user.machine || {};
  const secrets = machine.hasSecret ? await v2('user', 'GetSecrets', { userId }).catch((e) => {
    if (e.status === 404) return null;
    throw e;
  }) : null;
  const pats = await v2('user', 'ListPersonalAccessTokens', { filters: [{ userIdFilter: { id: userId } }],
    pagination: { limit: 1000, asc: true } });
  const keys = await v2('user', 'ListKeys', { filters: [{ userIdFilter: { id: userId } }],
    pagination: { limit: 1000, asc: true } });

  const remove = dangerButton({ label: 'Delete machine user', allowed: can('user.delete'),
    title: `Delete machine user ${user.username}?`, confirm: 'Delete user',
    message: 'Its secret, personal access tokens and keys stop working at once.',
    run: () => v2('user', 'DeleteUser', { userId }), done: `Machine user ${user.username} deleted.`,
    next: link('o', org, 'users') });

  return h('section', {},
    h('nav', { 'aria-label': 'Breadcrumb', class: 'crumbs' }, h('a', { href: link('o', org, 'users') },
      'Machine users')),
    h('h1', {}, `Machine user ${user.username}`),
    facts([
      ['User name (client id)', copyable(user.username, 'user name')],
      ['User id', copyable(userId, 'user id')],
      ['Name', machine.name || ''],
      machine.description ? ['Description', machine.description] : null,
      ['Access tokens', machine.accessTokenType === 'ACCESS_TOKEN_TYPE_JWT' ? 'JWT' : 'opaque (bearer)'],
      ['Created', when(user.details?.creationDate)],
    ]),
    secretPanel({ secrets: machine.hasSecret ? secrets : null, allowed: write, clientId: user.username, ops: {
      rotate: (overlap) => v2('user', 'AddSecret', { userId, previousSecretValidFor: overlap }),
      endOverlap: () => v2('user', 'EndSecretOverlap', { userId }),
    } }),
    patPanel(userId, pats.result || [], write),
    keysPanel({ keys: keys.result || [], allowed: write, expiryRequired: true,
      fileName: (id) => `${userId}-${id}.json`, ops: {
      create: async (expirationDate) => {
        const made = await v2('user', 'AddKey', { userId, expirationDate });
        return { keyId: made.keyId, file: keyFileText(made.keyContent) };
      },
      remove: (keyId) => v2('user', 'RemoveKey', { userId, keyId }),
    } }),
    h('div', { class: 'card danger-zone' }, h('h2', {}, 'Danger zone'), remove));
}

function patPanel(userId, pats, allowed) {
  // the API wants an expiry for a PAT: one year from now is proposed
  const expires = h('input', { type: 'datetime-local', name: 'patExpires', required: true,
    value: localInputValue(365) });
  const add = guarded(allowed, { type: 'submit', class: 'primary' }, 'Add personal access token');
  const form = h('form', { class: 'inline-form', on: { submit: (e) => {
    e.preventDefault();
    act(add, async () => {
      const made = await v2('user', 'AddPersonalAccessToken', { userId, expirationDate: instantOf(expires.value) });
      await showSecretOnce({ title: 'New personal access token', opener: add,
        values: [{ label: 'token', value: made.token }],
        note: 'Send it as Authorization: Bearer <token> to the management and v2 APIs.' });
      go(window.location.hash);
    });
  } } }, field('Token expires (your time zone)', expires), add);
  const rows = pats.map((pat) => {
    const remove = dangerButton({ label: 'Delete', allowed, small: true, title: `Delete token ${pat.id}?`,
      confirm: 'Delete token', message: 'Scripts using this token are refused at once.',
      run: () => v2('user', 'RemovePersonalAccessToken', { userId, tokenId: pat.id }), done: `Token ${pat.id} deleted.` });
    return [h('code', {}, pat.id), when(pat.creationDate), [when(pat.expirationDate), ' ', expiry(pat.expirationDate)],
      [when(pat.lastUsedDate), ' ', usage(pat.lastUsedDate)], remove];
  });
  return h('section', { class: 'card', 'aria-labelledby': 'pats-h' }, h('h2', { id: 'pats-h' },
    'Personal access tokens'),
  table('Personal access tokens', ['Token', 'Created', 'Expires', 'Last used', 'Actions'], rows,
    'No personal access token.'), form);
}
