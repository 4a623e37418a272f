// One API application: its client id, secret (rotation with overlap, last use), keys, and deletion.
import { h } from '../dom.js';
import { v2 } from '../api.js';
import { when } from '../format.js';
import { dangerButton, facts, copyable } from '../widgets.js';
import { link } from '../router.js';
import { can } from '../session.js';
import { secretPanel, keysPanel, keyFileText } from './credentials.js';

export async function render({ org, project, app }) {
  const ids = { applicationId: app, projectId: project };
  const [{ application }, { project: parent }] = await Promise.all([
    v2('app', 'GetApplication', { applicationId: app }), v2('project', 'GetProject', { projectId: project })]);
  const privateKeyJwt = application.apiConfiguration?.authMethodType === 'API_AUTH_METHOD_TYPE_PRIVATE_KEY_JWT';
  const write = can('project.app.write');
  const secrets = privateKeyJwt ? null : await v2('app', 'GetClientSecrets', ids).catch((e) => {
    if (e.status === 404) return null;
    throw e;
  });
  const keys = await v2('app', 'ListApplicationKeys', {
    filters: [{ applicationIdFilter: { applicationId: app } }], pagination: { limit: 1000, asc: true },
  });

  const remove = dangerButton({ label: 'Delete API app', allowed: can('project.app.delete'),
    title: `Delete API app ${application.name}?`, confirm: 'Delete API app',
    message: 'Its secret and keys stop working at once. This cannot be undone.',
    run: () => v2('app', 'DeleteApplication', ids), done: `API app ${application.name} deleted.`,
    next: link('o', org, 'projects', project) });

  return h('section', {},
    h('nav', { 'aria-label': 'Breadcrumb', class: 'crumbs' }, h('a', { href: link('o', org, 'projects') }, 'Projects'),
      ' / ', h('a', { href: link('o', org, 'projects', project) }, parent.name)),
    h('h1', {}, `API app ${application.name}`),
    facts([
      ['Client id', copyable(application.apiConfiguration?.clientId || '', 'client id')],
      ['App id', copyable(app, 'app id')],
      ['Authentication', privateKeyJwt ? 'private key JWT (keys)' : 'client id and secret (Basic)'],
      ['Created', when(application.creationDate)],
    ]),
    privateKeyJwt ? null : secretPanel({ secrets, allowed: write, clientId: application.apiConfiguration?.clientId,
      ops: {
        rotate: (overlap) => v2('app', 'GenerateClientSecret', { ...ids, previousSecretValidFor: overlap }),
        endOverlap: () => v2('app', 'EndClientSecretOverlap', ids),
      } }),
    keysPanel({ keys: (keys.keys || []).map((k) => ({ id: k.keyId, creationDate: k.creationDate,
      expirationDate: k.expirationDate, lastUsedDate: k.lastUsedDate })), allowed: write, fileName: (id) => `${app}-${id}.json`,
    ops: {
      create: async (expirationDate) => {
        const made = await v2('app', 'CreateApplicationKey', { ...ids, expirationDate });
        return { keyId: made.keyId, file: keyFileText(made.keyDetails) };
      },
      remove: (keyId) => v2('app', 'DeleteApplicationKey', { ...ids, keyId }),
    } }),
    h('div', { class: 'card danger-zone' }, h('h2', {}, 'Danger zone'), remove));
}
