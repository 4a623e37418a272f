package dev.keygate.store.postgres;

import dev.keygate.store.ApiApp;
import dev.keygate.store.AppKey;
import dev.keygate.store.ClientSecrets;
import dev.keygate.store.ClientToken;
import dev.keygate.store.CommerceApplication;
import dev.keygate.store.Ecosystem;
import dev.keygate.store.EcosystemClient;
import dev.keygate.store.Instance;
import dev.keygate.store.MachineKey;
import dev.keygate.store.Organization;
import dev.keygate.store.PersonalAccessToken;
import dev.keygate.store.PreviousSecret;
import dev.keygate.store.Project;
import dev.keygate.store.StoredEvent;
import dev.keygate.store.User;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Maps rows to records and records' values to parameters; the column names are those of the migrations. */
final class Rows {

  private Rows() {}

  static OffsetDateTime time(Instant instant) {
    return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  static Instant instant(Row row, String column) {
    OffsetDateTime value = row.getOffsetDateTime(column);
    return value == null ? null : value.toInstant();
  }

  /** Instance columns plus the aggregated arrays {@code domain_names}, {@code domain_generated},
      {@code domain_primary}. */
  static Instance instance(Row row) {
    String[] names = row.getArrayOfStrings("domain_names");
    Boolean[] generated = row.getArrayOfBooleans("domain_generated");
    Boolean[] primary = row.getArrayOfBooleans("domain_primary");
    List<Instance.Domain> domains = new ArrayList<>();
    for (int i = 0; names != null && i < names.length; i++) {
      domains.add(new Instance.Domain(names[i], generated[i], primary[i]));
    }
    return new Instance(row.getString("id"), row.getString("name"), row.getString("first_org_id"), domains,
        instant(row, "created_at"), instant(row, "changed_at"), row.getLong("sequence"));
  }

  static Organization organization(Row row) {
    return new Organization(row.getString("instance_id"), row.getString("id"), row.getString("name"),
        instant(row, "created_at"), instant(row, "changed_at"), row.getLong("sequence"));
  }

  static User user(Row row) {
    Set<User.Role> roles = EnumSet.noneOf(User.Role.class);
    for (String role : row.getArrayOfStrings("roles")) {
      roles.add(User.Role.valueOf(role));
    }
    return new User(row.getString("instance_id"), row.getString("org_id"), row.getString("id"),
        User.Kind.valueOf(row.getString("kind")), row.getString("user_name"), row.getString("display_name"),
        row.getString("description"), row.getString("access_token_type"), row.getString("email"),
        row.getBoolean("email_verified"), row.getString("first_name"), row.getString("last_name"),
        row.getString("preferred_language"), row.getString("password_hash"), roles, instant(row, "created_at"),
        instant(row, "changed_at"), row.getLong("sequence"), secrets(row));
  }

  /** The client secrets of a users or api_apps row: the current one and the previous one of a rotation. */
  static ClientSecrets secrets(Row row) {
    String previousHash = row.getString("previous_secret_hash");
    PreviousSecret previous = previousHash == null ? null : new PreviousSecret(previousHash,
        instant(row, "previous_secret_created_at"), instant(row, "previous_secret_expires_at"));
    return new ClientSecrets(row.getString("secret_hash"), instant(row, "secret_created_at"), previous);
  }

  static String[] roles(Set<User.Role> roles) {
    return roles.stream().map(Enum::name).sorted().toArray(String[]::new);
  }

  static PersonalAccessToken pat(Row row) {
    return new PersonalAccessToken(row.getString("instance_id"), row.getString("user_id"), row.getString("id"),
        row.getString("token_hash"), instant(row, "expires_at"), instant(row, "created_at"));
  }

  static MachineKey machineKey(Row row) {
    return new MachineKey(row.getString("instance_id"), row.getString("user_id"), row.getString("id"),
        row.getString("type"), row.getString("public_key_pem"), instant(row, "expires_at"), instant(row, "created_at"));
  }

  static Project project(Row row) {
    return new Project(row.getString("instance_id"), row.getString("org_id"), row.getString("id"),
        row.getString("name"), row.getBoolean("project_role_assertion"), row.getBoolean("project_role_check"),
        row.getBoolean("has_project_check"), instant(row, "created_at"), instant(row, "changed_at"),
        row.getLong("sequence"));
  }

  static ApiApp apiApp(Row row) {
    return new ApiApp(row.getString("instance_id"), row.getString("org_id"), row.getString("project_id"),
        row.getString("id"), row.getString("name"), row.getString("client_id"),
        ApiApp.AuthMethod.valueOf(row.getString("auth_method")), instant(row, "created_at"),
        instant(row, "changed_at"), row.getLong("sequence"), secrets(row));
  }

  static AppKey appKey(Row row) {
    return new AppKey(row.getString("instance_id"), row.getString("org_id"), row.getString("project_id"),
        row.getString("app_id"), row.getString("id"), row.getString("public_key_pem"), instant(row, "expires_at"),
        instant(row, "created_at"));
  }

  static Ecosystem ecosystem(Row row) {
    return new Ecosystem(row.getString("instance_id"), row.getString("id"), row.getString("meta_json"),
        row.getString("domain"), instant(row, "created_at"), instant(row, "changed_at"), instant(row, "removed_at"),
        row.getLong("sequence"));
  }

  static EcosystemClient client(Row row) {
    return new EcosystemClient(row.getString("instance_id"), row.getString("ecosystem_id"), row.getString("id"),
        row.getString("type"), row.getString("name"), row.getString("description"), instant(row, "created_at"),
        instant(row, "changed_at"), instant(row, "removed_at"), row.getLong("sequence"));
  }

  static ClientToken clientToken(Row row) {
    return new ClientToken(row.getString("instance_id"), row.getString("client_id"), row.getString("id"),
        row.getString("token_hash"), row.getString("description"), instant(row, "created_at"),
        instant(row, "expires_at"));
  }

  static CommerceApplication commerceApplication(Row row) {
    return new CommerceApplication(row.getString("instance_id"), row.getString("org_id"), row.getString("id"),
        row.getString("name"), row.getString("type"), row.getInteger("lifetime_days"), row.getString("key_id"),
        instant(row, "key_expires_at"), row.getString("created_by_id"), row.getString("created_by_first_name"),
        row.getString("created_by_last_name"), instant(row, "created_at"), instant(row, "changed_at"),
        row.getLong("sequence"), row.getString("previous_key_id"), instant(row, "previous_key_expires_at"));
  }

  static StoredEvent event(Row row) {
    return new StoredEvent(row.getString("instance_id"), row.getString("aggregate_type"),
        row.getString("aggregate_id"), row.getLong("sequence"), row.getString("type"), instant(row, "created_at"),
        row.getString("actor_id"), row.getLong("position"));
  }
}
