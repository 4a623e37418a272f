// Drives Keygate with ZITADEL's own Node SDK (@zitadel/node, gRPC over h2c through nice-grpc / grpc-js), then prints
// one line "SDK_RESULT {json}" for GrpcNodeSdkTest to check. Arguments: the SDK's directory (node_modules), the
// gRPC endpoint (host:port), Keygate's base URL (the service account's audience) and the system token.
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [, , modules, endpoint, baseUrl, systemToken] = process.argv;
const load = (name) => import(pathToFileURL(path.join(modules, name)).href);
const sdk = await load('@zitadel/node/dist/api/index.js');
const { ServiceAccount } = await load('@zitadel/node/dist/credentials/index.js');
const require = createRequire(path.join(modules, 'noop.js'));
const { Metadata } = require('nice-grpc');
const { BinaryReader } = await import(pathToFileURL(require.resolve('@bufbuild/protobuf/wire')).href);

const system = sdk.createSystemClient(endpoint, sdk.createAccessTokenInterceptor(systemToken));
const result = { errors: {} };

// an error as the SDK sees it: code and message, plus the ErrorDetail of grpc-status-details-bin (decoded by hand:
// google.rpc.Status{1 code, 2 message, 3 repeated Any{1 type_url, 2 value}}, ErrorDetail{1 id, 2 message})
async function failure(call) {
  let trailer;
  try {
    await call({ onTrailer: (t) => { trailer = t; } });
    return { code: 0 };
  } catch (e) {
    const out = { code: e.code, message: e.details };
    const bin = trailer?.get('grpc-status-details-bin');
    if (bin) {
      const status = new BinaryReader(bin instanceof Uint8Array ? bin : Buffer.from(bin, 'base64'));
      while (status.pos < status.len) {
        const [field] = status.tag();
        if (field === 3) {
          const any = new BinaryReader(status.bytes());
          while (any.pos < any.len) {
            const [f] = any.tag();
            if (f === 1) out.detailType = any.string();
            else {
              const detail = new BinaryReader(any.bytes());
              while (detail.pos < detail.len) {
                const [d] = detail.tag();
                if (d === 1) out.detailId = detail.string(); else out.detailMessage = detail.string();
              }
            }
          }
        } else if (field === 1) status.int32(); else status.string();
      }
    }
    return out;
  }
}

const created = await system.createInstance({
  instanceName: 'SDK Corp',
  machine: { userName: 'sdk-owner', name: 'SDK Owner', personalAccessToken: {}, machineKey: { type: 1 } },
});
const keyFile = JSON.parse(Buffer.from(created.machineKey).toString('utf8'));
result.instanceId = created.instanceId;
result.orgId = created.details.resourceOwner;
result.ownerId = keyFile.userId;

const mgmt = sdk.createManagementClient(endpoint, sdk.createAccessTokenInterceptor(created.pat));
const project = await mgmt.addProject({ name: 'sdk-project' });
const basic = await mgmt.addAPIApp({ projectId: project.id, name: 'sdk-basic', authMethodType: 0 });
const jwt = await mgmt.addAPIApp({ projectId: project.id, name: 'sdk-jwt', authMethodType: 1 });
const machine = await mgmt.addMachineUser({ userName: 'sdk-machine', name: 'SDK Machine', accessTokenType: 0 });
const secret = await mgmt.generateMachineSecret({ userId: machine.userId });
const read = await mgmt.getAppByID({ projectId: project.id, appId: jwt.appId });
const listed = await mgmt.listApps({ projectId: project.id });
const pat = await mgmt.addPersonalAccessToken({ userId: machine.userId });
const key = await mgmt.addMachineKey({ userId: machine.userId, type: 1 });
result.projectId = project.id;
result.basic = { appId: basic.appId, clientId: basic.clientId, clientSecret: basic.clientSecret,
  sequence: String(basic.details.sequence), resourceOwner: basic.details.resourceOwner };
result.jwt = { appId: jwt.appId, clientId: jwt.clientId, clientSecret: jwt.clientSecret ?? '' };
result.machine = { userId: machine.userId, clientId: secret.clientId, clientSecret: secret.clientSecret };
result.read = { name: read.app.name, clientId: read.app.apiConfig.clientId,
  authMethodType: read.app.apiConfig.authMethodType, state: read.app.state };
result.listed = { total: String(listed.details.totalResult), ids: listed.result.map((a) => a.id) };
result.pat = { tokenId: pat.tokenId, works: false };
result.machineKey = { keyId: key.keyId, bytes: key.keyDetails.length };
await mgmt.addOrgMember({ userId: machine.userId, roles: ['ORG_OWNER'] });
const withPat = sdk.createManagementClient(endpoint, sdk.createAccessTokenInterceptor(pat.token));
result.pat.works = (await withPat.getAppByID({ projectId: project.id, appId: basic.appId })).app.id === basic.appId;

// the service account's login: discovery, a jwt-bearer assertion signed with the owner's key, the token as bearer
const account = ServiceAccount.fromJson(keyFile);
const asAccount = sdk.createManagementClient(endpoint,
  sdk.createServiceAccountInterceptor(baseUrl, account, { apiAccess: true }));
result.serviceAccount = { total: String((await asAccount.listApps({ projectId: project.id })).details.totalResult) };
result.serviceAccount.token = await account.authenticate(baseUrl, { apiAccess: true });

// error rows
result.errors.duplicate = await failure((o) => mgmt.addAPIApp({ projectId: project.id, name: 'sdk-basic' }, o));
result.errors.emptyName = await failure((o) => mgmt.addAPIApp({ projectId: project.id, name: '' }, o));
result.errors.longName = await failure((o) => mgmt.addAPIApp({ projectId: project.id, name: 'é'.repeat(201) }, o));
result.errors.unknownProject = await failure((o) => mgmt.addAPIApp({ projectId: '123456789012345678', name: 'x' }, o));
const other = await system.createInstance({
  instanceName: 'SDK Other', machine: { userName: 'other-owner', name: 'Other', personalAccessToken: {} },
});
const otherMgmt = sdk.createManagementClient(endpoint, sdk.createAccessTokenInterceptor(other.pat));
result.errors.foreignInstance = await failure((o) => otherMgmt.addAPIApp({ projectId: project.id, name: 'x' }, o));
const otherHost = (await system.getInstance({ instanceId: other.instanceId })).instance.domains[0].domain;
result.errors.otherInstanceHost = await failure((o) => mgmt.addAPIApp({ projectId: project.id, name: 'x' },
  { ...o, metadata: Metadata({ 'x-zitadel-instance-host': otherHost }) }));
const anonymous = sdk.createManagementClient(endpoint);
result.errors.missingToken = await failure((o) => anonymous.addAPIApp({ projectId: project.id, name: 'x' }, o));
const viewer = await mgmt.addMachineUser({ userName: 'sdk-viewer', name: 'Viewer' });
await mgmt.addOrgMember({ userId: viewer.userId, roles: ['ORG_USER_MANAGER'] });
const viewerPat = await mgmt.addPersonalAccessToken({ userId: viewer.userId });
const asViewer = sdk.createManagementClient(endpoint, sdk.createAccessTokenInterceptor(viewerPat.token));
result.errors.permission = await failure((o) => asViewer.addAPIApp({ projectId: project.id, name: 'x' }, o));

console.log('SDK_RESULT ' + JSON.stringify(result));
process.exit(0);
