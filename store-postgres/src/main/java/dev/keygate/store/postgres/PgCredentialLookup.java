package dev.keygate.store.postgres;

import dev.keygate.store.ApiApp;
import dev.keygate.store.AppKey;
import dev.keygate.store.ClientToken;
import dev.keygate.store.CommerceApplication;
import dev.keygate.store.CredentialLookup;
import dev.keygate.store.MachineKey;
import dev.keygate.store.PersonalAccessToken;
import dev.keygate.store.User;
import io.vertx.core.Future;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;

/**
 * Credentials found by what is unique across instances, each one indexed lookup: the caller learns the tenant from
 * the row.
 */
record PgCredentialLookup(PgExecutor db) implements CredentialLookup {

  private static final String PAT = """
      SELECT * FROM personal_access_tokens WHERE token_hash = $1""";
  /** Current or previous secret: two lookups on their own unique indexes (an OR of both may scan the table). */
  private static final String MACHINE_USER = """
      (SELECT * FROM users WHERE secret_hash = $1) UNION ALL (SELECT * FROM users WHERE previous_secret_hash = $1) \
      LIMIT 1""";
  private static final String MACHINE_KEY = """
      SELECT * FROM machine_keys WHERE id = $1""";
  private static final String API_APP = """
      SELECT * FROM api_apps WHERE client_id = $1""";
  private static final String API_APP_KEY = """
      SELECT * FROM api_app_keys WHERE id = $1""";
  private static final String CLIENT_TOKEN = """
      SELECT * FROM client_tokens WHERE token_hash = $1""";
  private static final String COMMERCE_APPLICATION = """
      SELECT * FROM commerce_applications WHERE id = $1""";

  @Override
  public Future<Optional<PersonalAccessToken>> personalAccessTokenByHash(String tokenHash) {
    return db.readOne(PAT, Tuple.of(tokenHash), Rows::pat);
  }

  @Override
  public Future<Optional<User>> machineUserBySecretHash(String secretHash) {
    return db.readOne(MACHINE_USER, Tuple.of(secretHash), Rows::user);
  }

  @Override
  public Future<Optional<MachineKey>> machineKey(String keyId) {
    return db.readOne(MACHINE_KEY, Tuple.of(keyId), Rows::machineKey);
  }

  @Override
  public Future<Optional<ApiApp>> apiAppByClientId(String clientId) {
    return db.readOne(API_APP, Tuple.of(clientId), Rows::apiApp);
  }

  @Override
  public Future<Optional<AppKey>> apiAppKey(String keyId) {
    return db.readOne(API_APP_KEY, Tuple.of(keyId), Rows::appKey);
  }

  @Override
  public Future<Optional<ClientToken>> clientTokenByHash(String tokenHash) {
    return db.readOne(CLIENT_TOKEN, Tuple.of(tokenHash), Rows::clientToken);
  }

  @Override
  public Future<Optional<CommerceApplication>> commerceApplicationById(String id) {
    return db.readOne(COMMERCE_APPLICATION, Tuple.of(id), Rows::commerceApplication);
  }
}
