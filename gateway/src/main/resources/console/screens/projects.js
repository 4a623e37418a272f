// Projects of an organization, and the API applications of one project, with search and paging done by the API
// (only one page is ever loaded).
import { h } from '../dom.js';
import { v2 } from '../api.js';
import { when } from '../format.js';
import { table, pager, field, act, announce, showSecretOnce, guarded, dangerButton } from '../widgets.js';
import { go, link, withQuery } from '../router.js';
import { can } from '../session.js';

const LIMIT = 50;

function searchForm(path, q, label) {
  const search = h('input', { type: 'search', name: 'q', value: q });
  return h('form', { role: 'search', class: 'toolbar', on: { submit: (e) => {
    e.preventDefault();
    go(withQuery(path, { q: search.value.trim() }));
  } } }, field(label, search), h('button', { type: 'submit' }, 'Search'));
}

export async function list({ org }, query) {
  const offset = Number(query.offset || 0);
  const q = query.q || '';
  const filters = [{ organizationIdFilter: { organizationId: org } }];
  if (q) filters.push({ projectNameFilter: { projectName: q, method: 'TEXT_FILTER_METHOD_CONTAINS_IGNORE_CASE' } });
  const answer = await v2('project', 'ListProjects', {
    pagination: { offset: String(offset), limit: LIMIT, asc: true }, sortingColumn: 'PROJECT_FIELD_NAME_NAME', filters,
  });
  const projects = answer.projects || [];
  const total = Number(answer.pagination?.totalResult || 0);
  const path = `/o/${org}/projects`;

  const name = h('input', { type: 'text', name: 'name', required: true, maxlength: 200 });
  const create = guarded(can('project.create'), { type: 'submit', class: 'primary' }, 'Create project');
  const form = h('form', { class: 'card', on: { submit: (e) => {
    e.preventDefault();
    act(create, async () => {
      const made = await v2('project', 'CreateProject', { organizationId: org, name: name.value.trim() });
      announce(`Project ${name.value.trim()} created.`);
      go(link('o', org, 'projects', made.projectId));
    });
  } } }, h('h2', {}, 'New project'), field('Name', name), h('div', { class: 'actions' }, create));

  return h('section', {}, h('h1', {}, 'Projects'),
    searchForm(path, q, 'Search projects by name'),
    table('Projects of the organization', ['Name', 'Id', 'Created'], projects.map((p) => [
      h('a', { href: link('o', org, 'projects', p.projectId) }, p.name), h('code', {}, p.projectId),
      when(p.creationDate),
    ]), q ? 'No project matches.' : 'No project yet.'),
    pager({ offset, limit: LIMIT, total, shown: projects.length, go: (o) => go(withQuery(path, { q, offset: o })) }),
    form);
}

const AUTH_METHODS = [
  ['API_AUTH_METHOD_TYPE_BASIC', 'Client id and secret (Basic)'],
  ['API_AUTH_METHOD_TYPE_PRIVATE_KEY_JWT', 'Private key JWT (keys)'],
];

export async function detail({ org, project }, query) {
  const offset = Number(query.offset || 0);
  const q = query.q || '';
  const { project: found } = await v2('project', 'GetProject', { projectId: project });
  const filters = [{ projectIdFilter: { projectId: project } }];
  if (q) filters.push({ nameFilter: { name: q, method: 'TEXT_FILTER_METHOD_CONTAINS_IGNORE_CASE' } });
  const answer = await v2('app', 'ListApplications', {
    pagination: { offset: String(offset), limit: LIMIT, asc: true }, sortingColumn: 'APPLICATION_SORT_BY_NAME',
    filters,
  });
  const apps = answer.applications || [];
  const total = Number(answer.pagination?.totalResult || 0);
  const path = `/o/${org}/projects/${project}`;

  const name = h('input', { type: 'text', name: 'name', required: true, maxlength: 200 });
  const method = h('select', { name: 'authMethod' }, AUTH_METHODS.map(([value, label]) => h('option', { value },
    label)));
  const create = guarded(can('project.app.write'), { type: 'submit', class: 'primary' }, 'Create API app');
  const form = h('form', { class: 'card', on: { submit: (e) => {
    e.preventDefault();
    act(create, async () => {
      const made = await v2('app', 'CreateApplication', {
        projectId: project, name: name.value.trim(), apiConfiguration: { authMethodType: method.value },
      });
      const config = made.apiConfiguration || {};
      const target = link('o', org, 'projects', project, 'apps', made.applicationId);
      if (config.clientSecret) {
        await showSecretOnce({ title: `API app ${name.value.trim()} created`, opener: create, values: [
          { label: 'client id', value: config.clientId }, { label: 'client secret', value: config.clientSecret }],
        note: 'With them the API checks the tokens it is sent, at /oauth/v2/introspect (as in ZITADEL, an API '
          + 'app gets no tokens of its own).' });
      } else {
        announce(`API app ${name.value.trim()} created; add a key to it.`);
      }
      go(target);
    });
  } } }, h('h2', {}, 'New API app'), field('Name', name), field('Authentication', method),
  h('div', { class: 'actions' }, create));

  const remove = dangerButton({ label: 'Delete project', allowed: can('project.delete'),
    title: `Delete project ${found.name}?`, confirm: 'Delete project',
    message: 'The project and all its API apps, their secrets and keys stop working at once. This cannot be undone.',
    run: () => v2('project', 'DeleteProject', { projectId: project }), done: `Project ${found.name} deleted.`,
    next: link('o', org, 'projects') });

  return h('section', {},
    h('nav', { 'aria-label': 'Breadcrumb', class: 'crumbs' }, h('a', { href: link('o', org, 'projects') }, 'Projects')),
    h('h1', {}, `Project ${found.name}`),
    h('p', { class: 'muted' }, 'Id ', h('code', {}, project), ' · created ', when(found.creationDate)),
    searchForm(path, q, 'Search API apps by name'),
    table('API apps of the project', ['Name', 'Client id', 'Authentication', 'Created'], apps.map((a) => [
      h('a', { href: link('o', org, 'projects', project, 'apps', a.applicationId) }, a.name),
      h('code', {}, a.apiConfiguration?.clientId || ''),
      a.apiConfiguration?.authMethodType === 'API_AUTH_METHOD_TYPE_PRIVATE_KEY_JWT' ? 'private key JWT' : 'Basic',
      when(a.creationDate),
    ]), q ? 'No API app matches.' : 'No API app yet.'),
    pager({ offset, limit: LIMIT, total, shown: apps.length, go: (o) => go(withQuery(path, { q, offset: o })) }),
    form,
    h('div', { class: 'card danger-zone' }, h('h2', {}, 'Danger zone'), remove));
}
