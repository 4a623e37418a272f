// The instances (tenants) of this Keygate, for the system token.
import { h } from '../dom.js';
import { v2 } from '../api.js';
import { when } from '../format.js';
import { table, pager, facts } from '../widgets.js';
import { go, withQuery } from '../router.js';

const LIMIT = 50;

export async function render(params, query) {
  const offset = Number(query.offset || 0);
  const answer = await v2('instance', 'ListInstances', {
    pagination: { offset: String(offset), limit: LIMIT, asc: true }, sortingColumn: 'FIELD_NAME_CREATION_DATE',
  });
  const list = answer.instances || [];
  const total = Number(answer.pagination?.totalResult || 0);
  return h('section', {}, h('h1', {}, 'Instances'),
    h('p', {}, 'Each instance is a tenant with its own organizations, users and credentials. Work inside one by '
      + 'signing in with a personal access token of one of its users (an instance owner sees every organization).'),
    table('Instances of this Keygate', ['Name', 'Id', 'Domains', 'Created', 'State'], list.map((i) => [
      i.name, h('code', {}, i.id),
      h('ul', { class: 'plain' }, (i.customDomains || []).map((d) => h('li', {}, d.domain))),
      when(i.creationDate), (i.state || '').replace('STATE_', '').toLowerCase(),
    ]), 'No instance yet. Create one with the system API (POST /system/v1/instances/_create).'),
    pager({ offset, limit: LIMIT, total, shown: list.length, go: (o) => go(withQuery('/instances', { offset: o })) }),
    list.length ? facts([['Instances in total', total.toLocaleString()]]) : null);
}
