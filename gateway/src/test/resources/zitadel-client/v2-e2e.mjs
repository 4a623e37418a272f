// Drives Keygate's v2 services with ZITADEL's own npm client, @zitadel/client (ConnectRPC-ES with the descriptors of
// @zitadel/proto), over three transports: gRPC on h2c (what the client's createServerTransport speaks on Node) and
// @connectrpc/connect-node's Connect transport in JSON and in binary. For each it runs the whole flow (machine user,
// secret, token, introspection; project, API apps, new secret, keys; PAT; the error rows) and prints one line
// "RESULT {json}" for ZitadelClientV2Test to check. Run from the directory holding node_modules.
// Arguments: Keygate's base URL, an org owner's PAT, its org id, a user id of another instance, the PAT of a member
// who may manage users but not projects.
import { createClient, ConnectError, Code } from '@connectrpc/connect';
import { createConnectTransport, createGrpcTransport } from '@connectrpc/connect-node';
import { createServerTransport } from '@zitadel/client/node';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { UserService } from '@zitadel/proto/zitadel/user/v2/user_service_pb.js';
import { ProjectService } from '@zitadel/proto/zitadel/project/v2beta/project_service_pb.js';
import { AppService } from '@zitadel/proto/zitadel/app/v2beta/app_service_pb.js';
import { OrganizationService } from '@zitadel/proto/zitadel/org/v2/org_service_pb.js';
import { APIAuthMethodType } from '@zitadel/proto/zitadel/app/v2beta/api_pb.js';

const [, , baseUrl, ownerPat, orgId, foreignUserId, userManagerPat] = process.argv;

function bearer(token) {
  return (next) => async (req) => {
    req.header.set('authorization', `Bearer ${token}`);
    return next(req);
  };
}

// each transport with a token, or (null) without any authorization header
const transports = {
  // exactly what @zitadel/client hands its users on Node: gRPC over HTTP/2 (h2c for http://)
  grpc: (token) => token === null ? createGrpcTransport({ baseUrl, httpVersion: '2' })
    : createServerTransport(token, { baseUrl, httpVersion: '2' }),
  'connect-json': (token) => createConnectTransport({ baseUrl, httpVersion: '1.1', useBinaryFormat: false,
    interceptors: token === null ? [] : [bearer(token)] }),
  'connect-binary': (token) => createConnectTransport({ baseUrl, httpVersion: '1.1', useBinaryFormat: true,
    interceptors: token === null ? [] : [bearer(token)] }),
};

async function form(path, body, basic) {
  const headers = { 'content-type': 'application/x-www-form-urlencoded' };
  if (basic) headers.authorization = 'Basic ' + Buffer.from(`${basic[0]}:${basic[1]}`).toString('base64');
  const response = await fetch(baseUrl + path, { method: 'POST', headers, body: new URLSearchParams(body) });
  return { status: response.status, json: await response.json() };
}

// an error as the client sees it: Connect's code name, the raw message, and the ZITADEL detail's id if any
async function failure(call) {
  try {
    await call();
    return { code: 'ok' };
  } catch (e) {
    const error = ConnectError.from(e);
    const out = { code: Code[error.code], message: error.rawMessage };
    for (const detail of error.details) {
      out.detailType = detail.desc ? detail.desc.typeName : detail.type;
      // zitadel.v1.ErrorDetail{1 id, 2 message}, read by hand (its descriptor is not needed for this)
      const bytes = detail.value;
      if (bytes) {
        let i = 0; const fields = {};
        while (i < bytes.length) {
          const tag = bytes[i++]; let len = 0, shift = 0, b;
          do { b = bytes[i++]; len |= (b & 0x7f) << shift; shift += 7; } while (b & 0x80);
          fields[tag >> 3] = Buffer.from(bytes.slice(i, i + len)).toString('utf8'); i += len;
        }
        out.detailId = fields[1]; out.detailMessage = fields[2];
      }
    }
    return out;
  }
}

async function flow(name, transportOf) {
  const owner = transportOf(ownerPat);
  const users = createClient(UserService, owner);
  const projects = createClient(ProjectService, owner);
  const apps = createClient(AppService, owner);
  const orgs = createClient(OrganizationService, owner);
  const out = { errors: {} };

  // machine user -> secret -> token -> introspection by an API app of a project
  const user = await users.createUser({ organizationId: orgId, username: `svc-${name}`,
    userType: { case: 'machine', value: { name: `Service ${name}`, description: 'made by @zitadel/client' } } });
  out.userId = user.id;
  out.userCreated = user.creationDate ? new Date(Number(user.creationDate.seconds) * 1000).toISOString() : null;
  const read = await users.getUserByID({ userId: user.id });
  out.readUser = { username: read.user.username, type: read.user.type.case, name: read.user.type.value.name,
    state: read.user.state, sequence: String(read.details?.sequence ?? '') };
  const secret = await users.addSecret({ userId: user.id });
  out.clientSecret = secret.clientSecret;

  const project = await projects.createProject({ organizationId: orgId, name: `project-${name}` });
  out.projectId = project.id;
  const gotProject = await projects.getProject({ id: project.id });
  out.projectName = gotProject.project.name;
  const basic = await apps.createApplication({ projectId: project.id, name: `basic-${name}`,
    creationRequestType: { case: 'apiRequest', value: { authMethodType: APIAuthMethodType.API_AUTH_METHOD_TYPE_BASIC } } });
  out.basic = { appId: basic.appId, clientId: basic.creationResponseType.value.clientId,
    clientSecret: basic.creationResponseType.value.clientSecret };
  const jwt = await apps.createApplication({ projectId: project.id, name: `jwt-${name}`,
    creationRequestType: { case: 'apiRequest',
      value: { authMethodType: APIAuthMethodType.API_AUTH_METHOD_TYPE_PRIVATE_KEY_JWT } } });
  out.jwt = { appId: jwt.appId, clientSecret: jwt.creationResponseType.value.clientSecret };
  const gotApp = await apps.getApplication({ id: jwt.appId });
  out.readJwt = { name: gotApp.app.name, authMethodType: gotApp.app.config.value?.authMethodType ?? 0,
    clientId: gotApp.app.config.value?.clientId, configCase: gotApp.app.config.case };
  const listed = await apps.listApplications({ projectId: project.id });
  out.listed = listed.applications.map((a) => a.id);

  const token = await form('/oauth/v2/token', { grant_type: 'client_credentials',
    scope: `openid urn:zitadel:iam:org:project:id:${project.id}:aud` }, [`svc-${name}`, secret.clientSecret]);
  out.tokenStatus = token.status;
  const introspected = await form('/oauth/v2/introspect', { token: token.json.access_token },
    [out.basic.clientId, out.basic.clientSecret]);
  out.introspection = { status: introspected.status, active: introspected.json.active, sub: introspected.json.sub };

  // a new secret for the BASIC app: the new one authenticates, the old one no longer does
  const regenerated = await apps.regenerateClientSecret({ projectId: project.id, applicationId: basic.appId,
    appType: { case: 'isApi', value: true } });
  const withNew = await form('/oauth/v2/introspect', { token: 'x' }, [out.basic.clientId, regenerated.clientSecret]);
  const withOld = await form('/oauth/v2/introspect', { token: 'x' }, [out.basic.clientId, out.basic.clientSecret]);
  out.regenerated = { newStatus: withNew.status, newActive: withNew.json.active, oldStatus: withOld.status,
    oldError: withOld.json.error };

  // keys and PATs of the machine user
  const expiration = timestampFromDate(new Date(Date.now() + 86400000));
  const key = await users.addKey({ userId: user.id, expirationDate: expiration });
  const keyFile = JSON.parse(Buffer.from(key.keyContent).toString('utf8'));
  out.key = { keyId: key.keyId, fileKeyId: keyFile.keyId, fileUserId: keyFile.userId, type: keyFile.type };
  const keys = await users.listKeys({ filters: [{ filter: { case: 'userIdFilter', value: { id: user.id } } }] });
  out.keys = keys.result.map((k) => k.id);
  await users.removeKey({ userId: user.id, keyId: key.keyId });
  out.keysAfterRemove = (await users.listKeys({ filters: [{ filter: { case: 'userIdFilter',
    value: { id: user.id } } }] })).result.length;
  const pat = await users.addPersonalAccessToken({ userId: user.id, expirationDate: expiration });
  out.pat = { tokenId: pat.tokenId };
  const pats = await users.listPersonalAccessTokens({ filters: [{ filter: { case: 'userIdFilter',
    value: { id: user.id } } }] });
  out.pats = pats.result.map((p) => p.id);

  // the organizations of the instance, and a new one
  const org = await orgs.addOrganization({ name: `org-${name}` });
  out.newOrgId = org.organizationId;
  const listedOrgs = await orgs.listOrganizations({});
  out.orgIds = listedOrgs.result.map((o) => o.id);

  // the error rows, each with its Connect code
  const lengthy = 'x'.repeat(201);
  out.errors.duplicate = await failure(() => users.createUser({ organizationId: orgId, username: `svc-${name}`,
    userType: { case: 'machine', value: { name: 'again' } } }));
  out.errors.emptyName = await failure(() => projects.createProject({ organizationId: orgId, name: '' }));
  out.errors.longName = await failure(() => projects.createProject({ organizationId: orgId, name: lengthy }));
  out.errors.unknownUser = await failure(() => users.getUserByID({ userId: '123456789012345678' }));
  out.errors.foreignUser = await failure(() => users.getUserByID({ userId: foreignUserId }));
  out.errors.unknownApp = await failure(() => apps.getApplication({ id: '123456789012345678' }));
  out.errors.missingToken = await failure(() => createClient(UserService, transportOf(null))
    .getUserByID({ userId: user.id }));
  // a member without project.create; and the machine user's own PAT, a valid token of no member at all, which
  // ZITADEL answers not_found ("membership not found")
  out.errors.permission = await failure(() => createClient(ProjectService, transportOf(userManagerPat))
    .createProject({ organizationId: orgId, name: `denied-${name}` }));
  out.errors.noMembership = await failure(() => createClient(ProjectService, transportOf(pat.token))
    .createProject({ organizationId: orgId, name: `denied-${name}` }));
  // a part of ZITADEL's messages Keygate does not serve: a human's phone
  out.errors.unserved = await failure(() => users.createUser({ organizationId: orgId,
    userType: { case: 'human', value: { profile: { givenName: 'A', familyName: 'B' },
      email: { email: `a-${name}@example.com` }, phone: { phone: '+41790000000' } } } }));

  await users.removePersonalAccessToken({ userId: user.id, tokenId: pat.tokenId });
  out.patsAfterRemove = (await users.listPersonalAccessTokens({ filters: [{ filter: { case: 'userIdFilter',
    value: { id: user.id } } }] })).result.length;
  await users.deleteUser({ userId: user.id });
  out.deleted = await failure(() => users.getUserByID({ userId: user.id }));
  return out;
}

const result = {};
for (const [name, transportOf] of Object.entries(transports)) {
  try {
    result[name] = await flow(name, transportOf);
  } catch (e) {
    result[name] = { failed: String(e && e.stack || e) };
  }
}
console.log('RESULT ' + JSON.stringify(result));
