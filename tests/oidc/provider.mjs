// A real OpenID provider for the tests: the certified `oidc-provider` package (web/package.json
// devDependencies), with one confidential client for Balint Rooms and its development login
// page (any login name and password sign in). tests/sso_support.py starts it on loopback.
//
// Environment: PORT, ISSUER, CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, POST_LOGOUT_REDIRECT_URI,
// KEY_ID (the signing key's id: a restart with another id is a key rotation), and
// PROVIDER_MODULE (the package's entry file: ES modules ignore NODE_PATH).
import { generateKeyPairSync } from 'node:crypto';
import { pathToFileURL } from 'node:url';

const env = process.env;
const { default: Provider } = await import(pathToFileURL(env.PROVIDER_MODULE).href);

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: env.KEY_ID || 'first', use: 'sig', alg: 'RS256' };

const provider = new Provider(env.ISSUER, {
  clients: [{
    client_id: env.CLIENT_ID,
    client_secret: env.CLIENT_SECRET,
    redirect_uris: [env.REDIRECT_URI],
    post_logout_redirect_uris: [env.POST_LOGOUT_REDIRECT_URI],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
  }],
  jwks: { keys: [signingKey] },
  cookies: { keys: ['balint-rooms-tests-only'] },
  pkce: { required: () => true },
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  claims: { openid: ['sub'], profile: ['given_name', 'name'], email: ['email'] },
  // The profile claims in the ID token itself (we read no userinfo).
  conformIdTokenClaims: false,
  findAccount: async (ctx, id) => ({
    accountId: id,
    claims: async () => ({ sub: `subject-of-${id}`, given_name: 'Sunita', name: 'Sunita Rao', email: `${id}@nhs.test` }),
  }),
  // A first-party client: no consent page, as an organisation's own apps are set up.
  loadExistingGrant: async (ctx) => {
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid profile email');
    await grant.save();
    return grant;
  },
});

provider.listen(Number(env.PORT), '127.0.0.1', () => console.log(`listening on ${env.ISSUER}`));
