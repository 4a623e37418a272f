// A ZITADEL system user with ZITADEL's own npm client, @zitadel/client: newSystemToken signs the JWT (RS256,
// iss = sub = the user id, aud = the issuer, an hour), and the system service client of @zitadel/client/v1 sends it
// as its bearer over gRPC on h2c (createServerTransport, as on Node). Creates, lists and removes an instance, then
// tries a token signed for another audience; the same token is also sent to the v2 InstanceService over Connect's
// JSON, as ZITADEL's OpenAPI SDKs call it. Prints one line "RESULT {json}" for SystemUserClientTest to check.
// Run from the directory holding node_modules. Arguments: Keygate's base URL, the system user's id, the file of its
// private key (PKCS#8 PEM, as newSystemToken reads it).
import { readFileSync } from 'node:fs';
import { ConnectError, Code } from '@connectrpc/connect';
import { createServerTransport, newSystemToken } from '@zitadel/client/node';
import { createSystemServiceClient } from '@zitadel/client/v1';

const [, , baseUrl, userId, keyFile] = process.argv;
const key = readFileSync(keyFile, 'utf8');

function part(jwt, index) {
  return JSON.parse(Buffer.from(jwt.split('.')[index], 'base64url').toString('utf8'));
}

async function failure(call) {
  try {
    await call();
    return { code: 'ok' };
  } catch (e) {
    const error = ConnectError.from(e);
    return { code: Code[error.code], message: error.rawMessage };
  }
}

const out = {};
try {
  const token = await newSystemToken({ audience: baseUrl, subject: userId, key });
  out.header = part(token, 0);
  out.claims = part(token, 1);
  const system = createSystemServiceClient(createServerTransport(token, { baseUrl, httpVersion: '2' }));

  const created = await system.createInstance({ instanceName: 'made-by-a-system-user',
    owner: { case: 'machine', value: { userName: 'owner', name: 'Owner' } } });
  out.instanceId = created.instanceId;
  const listed = await system.listInstances({ query: { limit: 1000 } });
  out.listedIds = listed.result.map((instance) => instance.id);
  await system.removeInstance({ instanceId: created.instanceId });
  out.afterRemove = await failure(() => system.getInstance({ instanceId: created.instanceId }));

  const v2 = await fetch(baseUrl + '/zitadel.instance.v2.InstanceService/ListInstances', { method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: '{}' });
  out.v2Status = v2.status;

  const elsewhere = await newSystemToken({ audience: 'https://zitadel.example.com', subject: userId, key });
  out.otherAudience = await failure(() => createSystemServiceClient(createServerTransport(elsewhere,
    { baseUrl, httpVersion: '2' })).listInstances({}));
} catch (e) {
  out.failed = String(e && e.stack || e);
}
console.log('RESULT ' + JSON.stringify(out));
