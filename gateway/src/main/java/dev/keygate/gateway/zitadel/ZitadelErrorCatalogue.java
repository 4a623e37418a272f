package dev.keygate.gateway.zitadel;

import dev.keygate.gateway.domain.DomainError;

/**
 * Every domain error in ZITADEL's words: gRPC code, (untranslated where ZITADEL leaves it untranslated) text and error
 * id, after docs/wire/zitadel.md. Ids ZITADEL documents are kept verbatim; the others follow its style.
 */
public final class ZitadelErrorCatalogue {

  private ZitadelErrorCatalogue() {}

  /** A switch without default: a new domain error does not compile until it has its ZITADEL error here. */
  public static ZitadelError of(DomainError error) {
    return switch (error) {
      case AUTH_HEADER_MISSING -> ZitadelError.plain(16, "auth header missing");
      case AUTH_HEADER_INVALID -> new ZitadelError(16, "invalid auth header", "AUTH-toLo1");
      case TOKEN_INVALID -> new ZitadelError(16, "Errors.Token.Invalid", "AUTH-7fs1e");
      case ORG_NOT_FOUND -> new ZitadelError(7, "Organisation doesn't exist", "AUTH-Bs7Ds");
      case MEMBERSHIP_NOT_FOUND -> new ZitadelError(5, "membership not found", "AUTHZ-cdgFk");
      case PERMISSION_DENIED -> new ZitadelError(7, "No matching permissions found", "AUTH-5mWD2");
      case INSTANCE_NOT_FOUND -> new ZitadelError(5, "Instance not found", "QUERY-n0wng");
      case INSTANCE_DOMAIN_TAKEN -> new ZitadelError(6, "Errors.Instance.Domain.AlreadyExists", "INST-i2nl");
      case PROJECT_NOT_FOUND_FOR_APP -> new ZitadelError(9, "Project not found", "COMMAND-EbFMN");
      case PROJECT_NOT_FOUND -> new ZitadelError(5, "Project not found", "QUERY-Sfmb2");
      case APP_NOT_FOUND -> new ZitadelError(5, "App not found", "QUERY-bxqa8");
      case APP_NAME_TAKEN -> new ZitadelError(6, "Application already exists", "V3-DKcYh");
      case APP_HAS_NO_SECRET -> new ZitadelError(9, "Application has no client secret", "COMMAND-aeH4q");
      case USER_NOT_FOUND -> new ZitadelError(5, "User could not be found", "QUERY-Dfbg2");
      case USER_NAME_TAKEN -> new ZitadelError(6, "User already exists", "COMMAND-k2unb");
      case USER_NOT_MACHINE -> new ZitadelError(9, "Errors.User.NotExisting", "COMMAND-x8910n");
      case MACHINE_SECRET_NOT_FOUND -> new ZitadelError(9, "Errors.User.Machine.Secret.NotExisting", "COMMAND-vaesr");
      case MEMBER_ALREADY_EXISTS -> new ZitadelError(6, "Errors.Org.Member.AlreadyExists", "Org-PtXi1");
      // ZITADEL's i18n keys; the ids are Keygate's, in ZITADEL's style
      case ORG_NAME_TAKEN -> new ZitadelError(6, "Errors.Org.AlreadyExisting", "KEYGATE-org409");
      case PAT_NOT_FOUND -> new ZitadelError(5, "Errors.User.PAT.NotFound", "KEYGATE-pat404");
      case KEY_NOT_FOUND -> new ZitadelError(5, "Errors.AuthNKey.NotFound", "KEYGATE-key404");
      case EXPIRATION_IN_PAST -> new ZitadelError(3, "Errors.AuthNKey.ExpireBeforeNow", "DOMAIN-dv3t5");
      // Keygate's own: ZITADEL has no rotation with overlap
      case OVERLAP_TOO_LONG -> new ZitadelError(3, "Errors.Secret.Overlap.TooLong", "KEYGATE-rot1");
      case PREVIOUS_SECRET_NOT_FOUND -> new ZitadelError(5, "Errors.Secret.Previous.NotFound", "KEYGATE-rot2");
      case GIVEN_NAME_MISSING -> new ZitadelError(3, "Given name in profile is empty", "USER-UCej2");
      case FAMILY_NAME_MISSING -> new ZitadelError(3, "Family name in profile is empty", "USER-4hB7d");
      // Idempotency-Key (docs/wire/zitadel.md): a bad header is invalid argument; a retry while the first request
      // runs is ABORTED (gRPC's code for a concurrency conflict worth retrying, 409); a key reused for another request
      // is FAILED_PRECONDITION, sent as 422 as the IETF draft asks (ZitadelFailureHandler)
      case IDEMPOTENCY_KEY_INVALID -> new ZitadelError(3, "Errors.IdempotencyKey.Invalid", "KEYGATE-idem400");
      case IDEMPOTENCY_KEY_IN_FLIGHT -> new ZitadelError(10, "Errors.IdempotencyKey.InFlight", "KEYGATE-idem409");
      case IDEMPOTENCY_KEY_REUSED -> new ZitadelError(9, "Errors.IdempotencyKey.Reused", "KEYGATE-idem422");
      case UNAVAILABLE -> ZitadelError.plain(14, "store unavailable");
      // ZITADEL's own quota answers code 8 (Errors.Quota.Access.Exhausted, QUOTA-vjAy8); ours is the store's capacity
      case RESOURCE_EXHAUSTED -> new ZitadelError(8, "Errors.Quota.Store.Exhausted", "KEYGATE-cap8");
      case INTERNAL -> new ZitadelError(13, "Errors.Internal", "KEYGATE-13");
      // the other surfaces' errors, which no ZITADEL service raises, in ZITADEL's style should one ever arrive
      case OPERATION_NOT_ALLOWED -> new ZitadelError(7, "No matching permissions found", "AUTH-5mWD2");
      case ECOSYSTEM_NOT_FOUND -> new ZitadelError(5, "Ecosystem not found", "KEYGATE-eco404");
      case CLIENT_NOT_FOUND -> new ZitadelError(5, "Client not found", "KEYGATE-cli404");
      case COMMERCE_APP_NOT_FOUND -> new ZitadelError(5, "Application ID not found", "KEYGATE-occ404");
      case LOGIN_FAILED -> new ZitadelError(16, "Errors.User.Password.Invalid", "KEYGATE-login");
    };
  }
}
