// Machine users of an organization, searched and paged by the API, and creating one.
import { h } from '../dom.js';
import { v2, management } from '../api.js';
import { when } from '../format.js';
import { table, pager, field, act, announce, guarded } from '../widgets.js';
import { go, link, withQuery } from '../router.js';
import { can } from '../session.js';

const LIMIT = 50;

export async function render({ org }, query) {
  const offset = Number(query.offset || 0);
  const q = query.q || '';
  const queries = [{ organizationIdQuery: { organizationId: org } }, { typeQuery: { type: 'TYPE_MACHINE' } }];
  if (q) queries.push({ userNameQuery: { userName: q, method: 'TEXT_QUERY_METHOD_CONTAINS_IGNORE_CASE' } });
  const answer = await v2('user', 'ListUsers', { query: { offset: String(offset), limit: LIMIT, asc: true }, queries });
  const users = answer.result || [];
  const total = Number(answer.details?.totalResult || 0);
  const path = `/o/${org}/users`;

  const search = h('input', { type: 'search', name: 'q', value: q });
  const username = h('input', { type: 'text', name: 'username', required: true, maxlength: 200 });
  const name = h('input', { type: 'text', name: 'name', required: true, maxlength: 200 });
  const tokenType = h('select', { name: 'accessTokenType' },
    h('option', { value: 'ACCESS_TOKEN_TYPE_BEARER' }, 'opaque (bearer)'),
    h('option', { value: 'ACCESS_TOKEN_TYPE_JWT' }, 'JWT'));
  const create = guarded(can('user.write'), { type: 'submit', class: 'primary' }, 'Create machine user');
  const form = h('form', { class: 'card', on: { submit: (e) => {
    e.preventDefault();
    act(create, async () => {
      const made = await management.addMachineUser(org, { userName: username.value.trim(), name: name.value.trim(),
        accessTokenType: tokenType.value });
      announce(`Machine user ${username.value.trim()} created.`);
      go(link('o', org, 'users', made.userId));
    });
  } } }, h('h2', {}, 'New machine user'), field('User name (its client id)', username), field('Name', name),
  field('Access token type', tokenType), h('div', { class: 'actions' }, create));

  return h('section', {}, h('h1', {}, 'Machine users'),
    h('form', { role: 'search', class: 'toolbar', on: { submit: (e) => {
      e.preventDefault();
      go(withQuery(path, { q: search.value.trim() }));
    } } }, field('Search by user name', search), h('button', { type: 'submit' }, 'Search')),
    table('Machine users of the organization', ['User name', 'Name', 'Secret', 'Access tokens', 'Created'],
      users.map((u) => [
        h('a', { href: link('o', org, 'users', u.userId) }, u.username),
        u.machine?.name || '',
        u.machine?.hasSecret ? 'yes' : 'no',
        u.machine?.accessTokenType === 'ACCESS_TOKEN_TYPE_JWT' ? 'JWT' : 'opaque',
        when(u.details?.creationDate),
      ]), q ? 'No machine user matches.' : 'No machine user yet.'),
    pager({ offset, limit: LIMIT, total, shown: users.length, go: (o) => go(withQuery(path, { q, offset: o })) }),
    form);
}
