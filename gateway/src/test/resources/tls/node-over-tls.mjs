// Keygate over https:// from Node, trusting the test's CA through NODE_EXTRA_CA_CERTS only (no option of the clients
// turns verification off): ZITADEL's @zitadel/client over gRPC on HTTP/2 with TLS (its createServerTransport, as an
// application on Node uses it), connect-node's Connect JSON transport, and openid-client 6's discovery and client
// credentials grant. Prints one line "RESULT {json}" for NodeOverTlsTest. Run from the directory holding
// node_modules. Arguments: Keygate's https base URL, an org owner's PAT, its org id.
import { createClient, ConnectError, Code } from '@connectrpc/connect';
import { createConnectTransport } from '@connectrpc/connect-node';
import { createServerTransport } from '@zitadel/client/node';
import { UserService } from '@zitadel/proto/zitadel/user/v2/user_service_pb.js';
import { ProjectService } from '@zitadel/proto/zitadel/project/v2beta/project_service_pb.js';
import * as oidc from 'openid-client';

const [, , baseUrl, ownerPat, orgId] = process.argv;

async function attempt(call) {
  try {
    return await call();
  } catch (e) {
    const error = ConnectError.from(e);
    return { failed: `${Code[error.code]}: ${error.rawMessage} ${e.cause ? e.cause.code || e.cause.message : ''}` };
  }
}

const out = {};

// @zitadel/client: gRPC over HTTP/2 with TLS (ALPN h2)
const grpc = createServerTransport(ownerPat, { baseUrl, httpVersion: '2' });
out.grpc = await attempt(async () => {
  const projects = createClient(ProjectService, grpc);
  const created = await projects.createProject({ organizationId: orgId, name: 'over-tls-grpc' });
  const read = await projects.getProject({ id: created.id });
  return { projectId: created.id, name: read.project.name };
});

// Connect's unary JSON over HTTP/1.1 with TLS: a machine user with a secret, for the OAuth part below
const connect = createConnectTransport({ baseUrl, httpVersion: '1.1', interceptors: [(next) => async (req) => {
  req.header.set('authorization', `Bearer ${ownerPat}`);
  return next(req);
}] });
out.connect = await attempt(async () => {
  const users = createClient(UserService, connect);
  const user = await users.createUser({ organizationId: orgId, username: 'tls-svc',
    userType: { case: 'machine', value: { name: 'Service over TLS' } } });
  const secret = await users.addSecret({ userId: user.id });
  return { userId: user.id, clientId: 'tls-svc', clientSecret: secret.clientSecret };
});

// openid-client 6: discovery (its issuer must be the https URL it was asked for) and the client credentials grant
if (out.connect.clientSecret) {
  try {
    const config = await oidc.discovery(new URL(baseUrl), out.connect.clientId, undefined,
      oidc.ClientSecretBasic(out.connect.clientSecret));
    const metadata = config.serverMetadata();
    const tokens = await oidc.clientCredentialsGrant(config, { scope: 'openid' });
    out.oidc = { issuer: metadata.issuer, tokenEndpoint: metadata.token_endpoint, tokenType: tokens.token_type,
      hasAccessToken: typeof tokens.access_token === 'string' && tokens.access_token.length > 0 };
  } catch (e) {
    out.oidc = { failed: `${e.name}: ${e.message} ${e.cause ? e.cause.code || e.cause.message : ''}` };
  }
}

console.log('RESULT ' + JSON.stringify(out));
