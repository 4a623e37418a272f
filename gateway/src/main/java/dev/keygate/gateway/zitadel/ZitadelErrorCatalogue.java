package dev.keygate.gateway.zitadel;

import dev.keygate.gateway.domain.DomainError;
import java.util.EnumMap;
import java.util.Map;

/**
 * Every domain error in ZITADEL's words: gRPC code, (untranslated where ZITADEL leaves it untranslated) text and error
 * id, after docs/wire/zitadel.md. Ids ZITADEL documents are kept verbatim; the others follow its style.
 */
final class ZitadelErrorCatalogue {

  private static final Map<DomainError, ZitadelError> ERRORS = new EnumMap<>(DomainError.class);

  static {
    put(DomainError.AUTH_HEADER_MISSING, ZitadelError.plain(16, "auth header missing"));
    put(DomainError.AUTH_HEADER_INVALID, new ZitadelError(16, "invalid auth header", "AUTH-toLo1"));
    put(DomainError.TOKEN_INVALID, new ZitadelError(16, "Errors.Token.Invalid", "AUTH-7fs1e"));
    put(DomainError.ORG_NOT_FOUND, new ZitadelError(7, "Organisation doesn't exist", "AUTH-Bs7Ds"));
    put(DomainError.MEMBERSHIP_NOT_FOUND, new ZitadelError(5, "membership not found", "AUTHZ-cdgFk"));
    put(DomainError.PERMISSION_DENIED, new ZitadelError(7, "No matching permissions found", "AUTH-5mWD2"));
    put(DomainError.INSTANCE_NOT_FOUND, new ZitadelError(5, "Instance not found", "QUERY-n0wng"));
    put(DomainError.INSTANCE_DOMAIN_TAKEN, new ZitadelError(6, "Errors.Instance.Domain.AlreadyExists", "INST-i2nl"));
    put(DomainError.PROJECT_NOT_FOUND_FOR_APP, new ZitadelError(9, "Project not found", "COMMAND-EbFMN"));
    put(DomainError.PROJECT_NOT_FOUND, new ZitadelError(5, "Project not found", "QUERY-Sfmb2"));
    put(DomainError.APP_NOT_FOUND, new ZitadelError(5, "App not found", "QUERY-bxqa8"));
    put(DomainError.APP_NAME_TAKEN, new ZitadelError(6, "Application already exists", "V3-DKcYh"));
    put(DomainError.APP_HAS_NO_SECRET, new ZitadelError(9, "Application has no client secret", "COMMAND-aeH4q"));
    put(DomainError.USER_NOT_FOUND, new ZitadelError(5, "User could not be found", "QUERY-Dfbg2"));
    put(DomainError.USER_NAME_TAKEN, new ZitadelError(6, "User already exists", "COMMAND-k2unb"));
    put(DomainError.USER_NOT_MACHINE, new ZitadelError(9, "Errors.User.NotExisting", "COMMAND-x8910n"));
    put(DomainError.MACHINE_SECRET_NOT_FOUND, new ZitadelError(9, "Errors.User.Machine.Secret.NotExisting",
        "COMMAND-vaesr"));
    put(DomainError.MEMBER_ALREADY_EXISTS, new ZitadelError(6, "Errors.Org.Member.AlreadyExists", "Org-PtXi1"));
    put(DomainError.EXPIRATION_IN_PAST, new ZitadelError(3, "Errors.AuthNKey.ExpireBeforeNow", "DOMAIN-dv3t5"));
    // Keygate's own: ZITADEL has no rotation with overlap
    put(DomainError.OVERLAP_TOO_LONG, new ZitadelError(3, "Errors.Secret.Overlap.TooLong", "KEYGATE-rot1"));
    put(DomainError.PREVIOUS_SECRET_NOT_FOUND, new ZitadelError(5, "Errors.Secret.Previous.NotFound", "KEYGATE-rot2"));
    put(DomainError.GIVEN_NAME_MISSING, new ZitadelError(3, "Given name in profile is empty", "USER-UCej2"));
    put(DomainError.FAMILY_NAME_MISSING, new ZitadelError(3, "Family name in profile is empty", "USER-4hB7d"));
    put(DomainError.OPERATION_NOT_ALLOWED, new ZitadelError(7, "No matching permissions found", "AUTH-5mWD2"));
    put(DomainError.ECOSYSTEM_NOT_FOUND, new ZitadelError(5, "Ecosystem not found", "KEYGATE-eco404"));
    put(DomainError.CLIENT_NOT_FOUND, new ZitadelError(5, "Client not found", "KEYGATE-cli404"));
    put(DomainError.COMMERCE_APP_NOT_FOUND, new ZitadelError(5, "Application ID not found", "KEYGATE-occ404"));
    put(DomainError.LOGIN_FAILED, new ZitadelError(16, "Errors.User.Password.Invalid", "KEYGATE-login"));
    // Idempotency-Key (docs/wire/zitadel.md): a bad header is invalid argument; a retry while the first request runs
    // is ABORTED (gRPC's code for a concurrency conflict worth retrying, 409); a key reused for another request is
    // FAILED_PRECONDITION, sent as 422 as the IETF draft asks (ZitadelFailureHandler)
    put(DomainError.IDEMPOTENCY_KEY_INVALID, new ZitadelError(3, "Errors.IdempotencyKey.Invalid", "KEYGATE-idem400"));
    put(DomainError.IDEMPOTENCY_KEY_IN_FLIGHT, new ZitadelError(10, "Errors.IdempotencyKey.InFlight",
        "KEYGATE-idem409"));
    put(DomainError.IDEMPOTENCY_KEY_REUSED, new ZitadelError(9, "Errors.IdempotencyKey.Reused", "KEYGATE-idem422"));
    put(DomainError.UNAVAILABLE, ZitadelError.plain(14, "store unavailable"));
    // ZITADEL's own quota answers code 8 (Errors.Quota.Access.Exhausted, QUOTA-vjAy8); ours is the store's capacity
    put(DomainError.RESOURCE_EXHAUSTED, new ZitadelError(8, "Errors.Quota.Store.Exhausted", "KEYGATE-cap8"));
    put(DomainError.INTERNAL, new ZitadelError(13, "Errors.Internal", "KEYGATE-13"));
    for (DomainError error : DomainError.values()) {
      if (!ERRORS.containsKey(error)) {
        throw new ExceptionInInitializerError("no ZITADEL error for " + error);
      }
    }
  }

  private ZitadelErrorCatalogue() {}

  private static void put(DomainError error, ZitadelError zitadel) {
    ERRORS.put(error, zitadel);
  }

  static ZitadelError of(DomainError error) {
    return ERRORS.get(error);
  }
}
