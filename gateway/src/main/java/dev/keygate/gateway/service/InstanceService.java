package dev.keygate.gateway.service;

import dev.keygate.gateway.domain.DomainError;
import dev.keygate.gateway.domain.DomainException;
import dev.keygate.gateway.service.crypto.IdGenerator;
import dev.keygate.gateway.service.crypto.MachineKeys;
import dev.keygate.gateway.service.crypto.PasswordHasher;
import dev.keygate.gateway.service.crypto.SecretGenerator;
import dev.keygate.gateway.service.crypto.SecretHasher;
import dev.keygate.store.Change;
import dev.keygate.store.Instance;
import dev.keygate.store.InstanceStore;
import dev.keygate.store.MachineKey;
import dev.keygate.store.NewInstance;
import dev.keygate.store.Organization;
import dev.keygate.store.Page;
import dev.keygate.store.PageRequest;
import dev.keygate.store.PersonalAccessToken;
import dev.keygate.store.StoreException;
import dev.keygate.store.User;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Tenants: creation with first organization, owner and credentials; lookup by id and by host; removal. */
public final class InstanceService {

  /** The created instance and the credentials shown once: the owner's PAT and key file, when asked for. */
  public record CreatedInstance(Instance instance, String orgId, String pat, byte[] machineKeyFile) {}

  public static final String SYSTEM_ACTOR = "SYSTEM";
  private static final int MAX_LABEL = 63 - 7; // a DNS label holds 63 characters; 7 go to "-" + 6 random

  private final InstanceStore store;
  private final IdGenerator ids;
  private final SecretGenerator secrets;
  private final SecretHasher secretHasher;
  private final PasswordHasher passwords;
  private final MachineKeys machineKeys;
  private final Clock clock;
  private final String externalDomain;

  public InstanceService(InstanceStore store, IdGenerator ids, SecretGenerator secrets, SecretHasher secretHasher,
                         PasswordHasher passwords, MachineKeys machineKeys, Clock clock, String externalDomain) {
    this.store = store;
    this.ids = ids;
    this.secrets = secrets;
    this.secretHasher = secretHasher;
    this.passwords = passwords;
    this.machineKeys = machineKeys;
    this.clock = clock;
    this.externalDomain = externalDomain.toLowerCase(Locale.ROOT);
  }

  public Future<CreatedInstance> create(InstanceRequest request) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    InstanceRequest.MachineOwner machine = request.machine();
    Instant patExpiration;
    Instant keyExpiration;
    try {
      checkHumanProfile(request.human());
      patExpiration = machine != null && machine.withPat() ? Expirations.orNever(machine.patExpiration(), now) : null;
      keyExpiration = machine != null && machine.withKey() ? Expirations.orNever(machine.keyExpiration(), now) : null;
    } catch (DomainException e) {
      return Future.failedFuture(e);
    }
    String instanceId = ids.next();
    String orgId = ids.next();
    String userId = ids.next();
    Instance instance = new Instance(instanceId, request.name(), orgId, domains(request), now, now, 0);
    String orgName = request.firstOrgName() == null || request.firstOrgName().isEmpty() ? request.name()
        : request.firstOrgName();
    Organization org = new Organization(instanceId, orgId, orgName, now, now, 0);

    Future<String> passwordHash = request.human() != null && request.human().password() != null
        ? passwords.hash(request.human().password()) : Future.succeededFuture(null);
    Future<MachineKeys.GeneratedKey> key = keyExpiration != null ? machineKeys.generate()
        : Future.succeededFuture(null);

    return Future.all(passwordHash, key).compose(done -> {
      User owner = owner(request, instanceId, orgId, userId, passwordHash.result(), now);
      String patToken = patExpiration != null ? secrets.token() : null;
      PersonalAccessToken pat = patToken == null ? null
          : new PersonalAccessToken(instanceId, userId, ids.next(), secretHasher.hash(patToken), patExpiration, now);
      MachineKey machineKey = null;
      byte[] keyFile = null;
      if (key.result() != null) {
        String keyId = ids.next();
        machineKey = new MachineKey(instanceId, userId, keyId, "KEY_TYPE_JSON", key.result().publicKeyPem(),
            keyExpiration, now);
        keyFile = MachineKeys.serviceAccountKeyFile(keyId, userId, key.result(), keyExpiration);
      }
      byte[] keyFileBytes = keyFile;
      NewInstance setup = new NewInstance(instance, org, owner, pat, machineKey, new Change(SYSTEM_ACTOR, now));
      return store.createInstance(setup).map(created -> new CreatedInstance(created, orgId, patToken, keyFileBytes));
    }).recover(failure -> Future.failedFuture(StoreFailures.translate(failure,
        Map.of(StoreException.Entity.INSTANCE_DOMAIN, DomainError.INSTANCE_DOMAIN_TAKEN))));
  }

  public Future<Instance> get(String instanceId) {
    return store.instance(instanceId).compose(found -> found.map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(DomainError.INSTANCE_NOT_FOUND.exception())));
  }

  public Future<Page<Instance>> list(PageRequest page) {
    return store.instances(page);
  }

  public Future<Instance> remove(String instanceId) {
    return store.removeInstance(instanceId, new Change(SYSTEM_ACTOR, clock.instant().truncatedTo(ChronoUnit.MICROS)))
        .recover(failure -> Future.failedFuture(StoreFailures.translate(failure,
            Map.of(StoreException.Entity.INSTANCE, DomainError.INSTANCE_NOT_FOUND))));
  }

  /** ZITADEL discards its default human, so a human owner without first or last name is refused. */
  private static void checkHumanProfile(InstanceRequest.HumanOwner human) {
    if (human == null) {
      return;
    }
    if (human.firstName() == null || human.firstName().isBlank()) {
      throw DomainError.GIVEN_NAME_MISSING.exception();
    }
    if (human.lastName() == null || human.lastName().isBlank()) {
      throw DomainError.FAMILY_NAME_MISSING.exception();
    }
  }

  private List<Instance.Domain> domains(InstanceRequest request) {
    boolean custom = request.customDomain() != null && !request.customDomain().isEmpty();
    List<Instance.Domain> domains = new ArrayList<>(2);
    String generated = domainLabel(request.name()) + "-" + secrets.lowerAlphanumeric(6) + "." + externalDomain;
    domains.add(new Instance.Domain(generated, true, !custom));
    if (custom) {
      domains.add(new Instance.Domain(request.customDomain().toLowerCase(Locale.ROOT), false, true));
    }
    return domains;
  }

  /** ZITADEL lower-cases the name and turns spaces into dashes; we also drop what a host name cannot hold. */
  static String domainLabel(String instanceName) {
    String label = NOT_IN_LABEL.matcher(instanceName.toLowerCase(Locale.ROOT).replace(' ', '-')).replaceAll("");
    if (label.length() > MAX_LABEL) {
      label = label.substring(0, MAX_LABEL);
    }
    label = EDGE_DASHES.matcher(label).replaceAll("");
    return label.isEmpty() ? "instance" : label;
  }

  private static final Pattern NOT_IN_LABEL = Pattern.compile("[^a-z0-9-]");
  private static final Pattern EDGE_DASHES = Pattern.compile("^-+|-+$");

  private static User owner(InstanceRequest request, String instanceId, String orgId, String userId,
                            String passwordHash, Instant now) {
    Set<User.Role> roles = Set.of(User.Role.IAM_OWNER, User.Role.ORG_OWNER);
    if (request.human() != null) {
      InstanceRequest.HumanOwner h = request.human();
      String userName = h.userName() == null || h.userName().isEmpty() ? h.email() : h.userName();
      return new User(instanceId, orgId, userId, User.Kind.HUMAN, userName, h.firstName() + " " + h.lastName(), null,
          null, h.email(), h.emailVerified(), h.firstName(), h.lastName(), h.preferredLanguage(), passwordHash, null,
          roles, now, now, 0);
    }
    InstanceRequest.MachineOwner m = request.machine();
    return new User(instanceId, orgId, userId, User.Kind.MACHINE, m.userName(), m.name(), null,
        "ACCESS_TOKEN_TYPE_BEARER", null, false, null, null, null, null, null, roles, now, now, 0);
  }
}
