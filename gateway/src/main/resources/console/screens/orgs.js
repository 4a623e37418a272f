// The organizations the signed-in user may see: all of the instance for an instance owner, else its own.
import { h } from '../dom.js';
import { v2 } from '../api.js';
import { table, pager, field } from '../widgets.js';
import { go, link, withQuery } from '../router.js';
import { session } from '../session.js';

const LIMIT = 50;

export async function render(params, query) {
  const offset = Number(query.offset || 0);
  const q = query.q || '';
  const answer = await v2('org', 'ListOrganizations', {
    query: { offset: String(offset), limit: LIMIT, asc: true },
    queries: q ? [{ nameQuery: { name: q, method: 'TEXT_QUERY_METHOD_CONTAINS_IGNORE_CASE' } }] : [],
  });
  const list = answer.result || [];
  const total = Number(answer.details?.totalResult || 0);
  const search = h('input', { type: 'search', name: 'q', value: q });
  return h('section', {}, h('h1', {}, 'Organizations'),
    h('form', { role: 'search', class: 'toolbar', on: { submit: (e) => {
      e.preventDefault();
      go(withQuery('/orgs', { q: search.value.trim() }));
    } } }, field('Search by name', search), h('button', { type: 'submit' }, 'Search')),
    table('Organizations', ['Name', 'Id', 'State'], list.map((o) => [
      h('a', { href: link('o', o.id, 'projects') }, o.name),
      h('code', {}, o.id),
      h('span', {}, (o.state || '').replace('ORGANIZATION_STATE_', '').toLowerCase(),
        o.id === session.me.orgId ? ' · yours' : ''),
    ]), q ? 'No organization matches.' : 'No organization.'),
    pager({ offset, limit: LIMIT, total, shown: list.length, go: (o) => go(withQuery('/orgs', { q, offset: o })) }));
}
