package dev.keygate.gateway;

import dev.keygate.gateway.oauth.ZitadelScopes;
import dev.keygate.gateway.oracle.OracleTokenClaims;
import dev.keygate.gateway.service.AppService;
import dev.keygate.gateway.service.EventService;
import dev.keygate.gateway.service.InstanceService;
import dev.keygate.gateway.service.OrganizationService;
import dev.keygate.gateway.service.ProjectService;
import dev.keygate.gateway.service.ServiceMeter;
import dev.keygate.gateway.service.UserService;
import dev.keygate.gateway.service.access.AccessService;
import dev.keygate.gateway.service.commerce.CommerceApplicationKeys;
import dev.keygate.gateway.service.commerce.CommerceApplications;
import dev.keygate.gateway.service.commerce.CommerceLogins;
import dev.keygate.gateway.service.commerce.CommerceSessions;
import dev.keygate.gateway.service.credential.FailedAttempts;
import dev.keygate.gateway.service.credential.Hosts;
import dev.keygate.gateway.service.credential.LastUses;
import dev.keygate.gateway.service.credential.VerificationCache;
import dev.keygate.gateway.service.crypto.IdGenerator;
import dev.keygate.gateway.service.crypto.MachineKeys;
import dev.keygate.gateway.service.crypto.PasswordHasher;
import dev.keygate.gateway.service.crypto.SecretGenerator;
import dev.keygate.gateway.service.crypto.SecretHasher;
import dev.keygate.gateway.service.ecosystem.EcosystemService;
import dev.keygate.gateway.service.token.AccessTokenFormats;
import dev.keygate.gateway.service.token.AccessTokens;
import dev.keygate.gateway.service.token.ClientAuthentication;
import dev.keygate.gateway.service.token.OpaqueTokens;
import dev.keygate.gateway.service.token.SigningKeys;
import dev.keygate.gateway.service.token.TokenGrants;
import dev.keygate.gateway.service.token.TokenRevocation;
import dev.keygate.store.KeygateStore;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;

/**
 * Every service of a running Keygate, wired to the one store: each service is given the store areas it uses, by
 * name, and the vendor formats a service needs come from the surface that speaks the vendor's dialect.
 */
record Services(Clock clock, InstanceService instances, AccessService access, ProjectService projects,
                AppService apps, UserService users, OrganizationService organizations, EcosystemService ecosystems,
                TokenGrants grants,
                ClientAuthentication clientAuthentication, AccessTokens accessTokens, TokenRevocation revocation,
                SigningKeys signingKeys, CommerceLogins commerceLogins, CommerceSessions commerceSessions,
                CommerceApplications commerceApplications, VerificationCache cache, VerificationCache reads,
                LastUses lastUses, EventService events) {

  static Services wire(Vertx vertx, KeygateConfig config, KeygateStore store, SecretGenerator secrets,
                       SecretHasher hasher, SigningKeys signingKeys, OpaqueTokens opaqueTokens, IdGenerator ids,
                       Clock clock, ServiceMeter meter) {
    VerificationCache cache = new VerificationCache(store.changeFeed(), 100_000, Duration.ofMinutes(5));
    // objects read by id: a database round trip saved per read on PostgreSQL; the memory store answers as fast as a
    // cache would (bench/run.sh, get app: 0.96 of the baseline without it, 0.97 with), so there it would only hold a
    // second copy of up to 100,000 objects
    VerificationCache reads = "memory".equals(config.string(KeygateConfig.STORE).trim())
        ? VerificationCache.passingThrough()
        : new VerificationCache(store.changeFeed(), 100_000, Duration.ofMinutes(5));
    LastUses lastUses = new LastUses(store.credentialUses(), clock);
    Hosts hosts = new Hosts(store.instances(), cache);
    PasswordHasher passwords = new PasswordHasher(vertx, config.integer(KeygateConfig.PASSWORD_HASH_COST));
    MachineKeys machineKeys = new MachineKeys(vertx);
    // one tarpit for the OAuth endpoints and one for the commerce logins, as each counts its own client ids
    FailedAttempts oauthTarpit = new FailedAttempts(vertx, meter,
        ServiceMeter.Event.OAUTH_CLIENT_AUTHENTICATION_FAILED);
    FailedAttempts commerceTarpit = new FailedAttempts(vertx, meter, ServiceMeter.Event.COMMERCE_LOGIN_FAILED);

    AccessTokenFormats tokenFormats = new AccessTokenFormats(signingKeys, opaqueTokens, hasher, cache, clock);
    AccessTokens accessTokens = new AccessTokens(store.revocations(), store.users(), tokenFormats, cache, meter);
    OracleTokenClaims oracleClaims = new OracleTokenClaims();
    CommerceApplicationKeys applicationKeys = new CommerceApplicationKeys(signingKeys, oracleClaims);
    CommerceSessions commerceSessions = new CommerceSessions(store.users(), store.credentials(), store.revocations(),
        hosts, signingKeys, oracleClaims, cache, config.integer(KeygateConfig.OCC_APPLICATION_TOKEN_LIFETIME),
        config.integer(KeygateConfig.OCC_USER_TOKEN_LIFETIME));
    return new Services(clock,
        new InstanceService(store.instances(), ids, secrets, hasher, passwords, machineKeys, clock,
            config.string(KeygateConfig.EXTERNAL_DOMAIN)),
        new AccessService(store.credentials(), store.users(), store.ecosystemClients(), store.instances(), hasher,
            clock, cache, hosts, accessTokens, lastUses, meter),
        new ProjectService(store.projects(), ids, clock),
        new AppService(store.apiApps(), store.credentialUses(), reads, ids, secrets, hasher, machineKeys, clock),
        new UserService(store.users(), store.credentialUses(), reads, ids, secrets, hasher, passwords, machineKeys,
            clock),
        new OrganizationService(store.instances(), ids, clock),
        new EcosystemService(store.ecosystems(), store.ecosystemClients(), reads, ids, secrets, hasher,
            store.credentialUses(), clock),
        new TokenGrants(store.credentials(), store.users(), hasher, hosts, tokenFormats, cache, new ZitadelScopes(),
            oauthTarpit, ids, lastUses, clock, config.integer(KeygateConfig.ACCESS_TOKEN_LIFETIME), meter),
        new ClientAuthentication(store.credentials(), hasher, cache, oauthTarpit, lastUses, clock),
        accessTokens,
        new TokenRevocation(store.revocations(), tokenFormats),
        signingKeys,
        new CommerceLogins(store.instances(), store.users(), hosts, applicationKeys, commerceSessions, passwords,
            commerceTarpit, lastUses, clock),
        commerceSessions,
        new CommerceApplications(store.commerceApplications(), applicationKeys, clock), cache, reads, lastUses,
        new EventService(store.events()));
  }
}
