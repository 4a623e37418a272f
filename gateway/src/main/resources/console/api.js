// The console's one API client: every request it makes is a public API call a script could make, with the signed-in
// bearer. ZITADEL's v2 services are called over Connect (POST /zitadel.<pkg>.<Service>/<Method>, JSON), the admin
// and auth APIs at their v1 REST paths, Droplit at /api, Oracle Commerce at /ccadmin/v1.
import { session, touch } from './session.js';

/** An answer other than 2xx, with the API's own words. */
export class ApiError extends Error {
  constructor(status, body, text, path) {
    super(messageOf(status, body, text));
    this.status = status;
    this.body = body;
    this.path = path;
  }
}

function messageOf(status, body, text) {
  if (body && typeof body === 'object') {
    // Connect {code, message}, ZITADEL REST {code, message}, Droplit {error, message}, Oracle {errorCode, message}
    const code = body.code ?? body.error ?? body.errorCode ?? body.error_description;
    const message = body.message ?? body.error_description ?? '';
    const details = Array.isArray(body.parameters)
      ? body.parameters.map((p) => `${p.name}: ${p.reason}`).join('; ') : '';
    return [`${status}`, code !== undefined ? `${code}` : '', message, details].filter((s) => s !== '').join(' · ');
  }
  return `${status} · ${text ? text.slice(0, 300) : 'no answer body'}`;
}

async function send(method, path, { body, token = session.token, headers = {}, form } = {}) {
  const sent = { accept: 'application/json', ...headers };
  if (token) sent.authorization = `Bearer ${token}`;
  let payload;
  if (form) {
    sent['content-type'] = 'application/x-www-form-urlencoded';
    payload = new URLSearchParams(form).toString();
  } else if (body !== undefined) {
    sent['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(path, {
      method, headers: sent, body: payload, cache: 'no-store', credentials: 'omit', redirect: 'error',
    });
  } catch (e) {
    throw new ApiError(0, { message: `Keygate could not be reached (${e.message})` }, '', path);
  }
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    json = null;
  }
  if (!res.ok) throw new ApiError(res.status, json, text, path);
  if (token === session.token) touch();
  return json ?? {};
}

const SERVICES = {
  user: 'zitadel.user.v2.UserService',
  project: 'zitadel.project.v2.ProjectService',
  app: 'zitadel.application.v2.ApplicationService',
  org: 'zitadel.org.v2.OrganizationService',
  instance: 'zitadel.instance.v2.InstanceService',
};

/**
 * A v2 call: v2('app', 'ListApplications', {...}). The organization on screen goes along as x-zitadel-orgid, as
 * ZITADEL's console sends it, so that an instance owner reaches the objects of any organization by id.
 */
export function v2(service, method, body = {}, token) {
  const headers = session.organization ? { 'x-zitadel-orgid': session.organization } : {};
  return send('POST', `/${SERVICES[service]}/${method}`, { body, token, headers });
}

export const auth = {
  me: (token) => send('GET', '/auth/v1/users/me', { token }),
  permissions: (token) => send('POST', '/auth/v1/permissions/zitadel/me/_search', { body: {}, token }),
};

/** v1 management calls the v2 services lack (a machine user's access token type is set at creation there). */
export const management = {
  addMachineUser: (orgId, body) => send('POST', '/management/v1/users/machine',
    { body, headers: { 'x-zitadel-orgid': orgId } }),
};

export const admin = {
  events: (query) => send('POST', '/admin/v1/events/_search', { body: query }),
  eventTypes: () => send('POST', '/admin/v1/events/types/_search', { body: {} }),
  aggregateTypes: () => send('POST', '/admin/v1/aggregates/types/_search', { body: {} }),
};

export const droplit = {
  ecosystems: () => send('GET', '/api/ecosystems'),
  createEcosystem: (body) => send('POST', '/api/ecosystems', { body }),
  deleteEcosystem: (id) => send('DELETE', `/api/ecosystems/${encodeURIComponent(id)}`),
  ecosystem: (id) => send('GET', `/api/ecosystems/${encodeURIComponent(id)}`),
  clients: (ecosystemId) => send('GET', `/api/clients?ecosystemId=${encodeURIComponent(ecosystemId)}`),
  client: (id) => send('GET', `/api/clients/${encodeURIComponent(id)}`),
  createClient: (body) => send('POST', '/api/clients', { body }),
  deleteClient: (id) => send('DELETE', `/api/clients/${encodeURIComponent(id)}`),
  tokens: (id) => send('GET', `/api/clients/${encodeURIComponent(id)}/tokens`),
  createToken: (id, body) => send('POST', `/api/clients/${encodeURIComponent(id)}/tokens`, { body }),
};

function oracleHeaders() {
  return { 'x-zitadel-instance-host': session.oracle.host };
}

export const oracle = {
  login: (host, username, password) => send('POST', '/ccadmin/v1/login', {
    token: null, headers: { 'x-zitadel-instance-host': host },
    form: { grant_type: 'password', username, password },
  }),
  list: (offset, limit) => send('GET', `/ccadmin/v1/applicationIds?type=application&offset=${offset}&limit=${limit}`,
    { token: session.oracle.token, headers: oracleHeaders() }),
  create: (body) => send('POST', '/ccadmin/v1/applicationIds',
    { body, token: session.oracle.token, headers: oracleHeaders() }),
  regenerate: (id, body) => send('POST', `/ccadmin/v1/applicationIds/${encodeURIComponent(id)}`,
    { body, token: session.oracle.token, headers: oracleHeaders() }),
  remove: (id) => send('DELETE', `/ccadmin/v1/applicationIds/${encodeURIComponent(id)}`,
    { token: session.oracle.token, headers: oracleHeaders() }),
};
