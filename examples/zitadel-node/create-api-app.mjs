// ZITADEL's own Node SDK against Keygate, over gRPC on Keygate's port (h2c; the SDK uses plain text for a target
// without TLS). Creates an instance with a machine owner, a project and an API app, then logs in as the owner's
// service account (its key from CreateInstance) and lists the project's apps.
//
//   npm install && KEYGATE_SYSTEM_TOKEN=... node create-api-app.mjs [http://127.0.0.1:8080]
//
// @zitadel/node 3.0.28 has no main entry and imports @bufbuild/protobuf without declaring it: hence the paths below
// and the second dependency in package.json.
import {
  createAccessTokenInterceptor, createManagementClient, createServiceAccountInterceptor, createSystemClient,
} from '@zitadel/node/dist/api/index.js';
import { ServiceAccount } from '@zitadel/node/dist/credentials/index.js';

const base = process.argv[2] ?? 'http://127.0.0.1:8080';
const endpoint = new URL(base).host;
const system = createSystemClient(endpoint, createAccessTokenInterceptor(process.env.KEYGATE_SYSTEM_TOKEN));

const instance = await system.createInstance({
  instanceName: 'Example',
  machine: { userName: 'owner', name: 'Owner', personalAccessToken: {}, machineKey: { type: 1 /* KEY_TYPE_JSON */ } },
});
const management = createManagementClient(endpoint, createAccessTokenInterceptor(instance.pat));
const project = await management.addProject({ name: 'billing' });
const app = await management.addAPIApp({ projectId: project.id, name: 'invoices', authMethodType: 0 /* BASIC */ });
console.log('API app', app.appId, 'client id', app.clientId, '(the secret is shown only now:', app.clientSecret + ')');

// the service account's own login: discovery at the base URL, a jwt-bearer assertion signed with its key
const account = ServiceAccount.fromJson(JSON.parse(Buffer.from(instance.machineKey).toString('utf8')));
const asAccount = createManagementClient(endpoint,
  createServiceAccountInterceptor(base, account, { apiAccess: true }));
const apps = await asAccount.listApps({ projectId: project.id });
console.log('apps of the project, as the service account:', apps.result.map((a) => a.name));
