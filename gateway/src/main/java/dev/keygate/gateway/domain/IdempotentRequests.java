package dev.keygate.gateway.domain;

import io.vertx.core.Future;

/**
 * What the HTTP plumbing asks of the idempotency rules (implemented in {@code service}) for a request sent with an
 * {@code Idempotency-Key}: either it may run, holding a lease it later turns into a remembered answer or releases, or
 * it is answered at once with the first request's answer. Refusals are {@link DomainException}s:
 * {@link DomainError#IDEMPOTENCY_KEY_IN_FLIGHT} and {@link DomainError#IDEMPOTENCY_KEY_REUSED}.
 */
public interface IdempotentRequests {

  /** Whose keys these are: a key means something only within one tenant and for one principal. */
  record Scope(String tenant, String principal) {}

  /** A response as the client got it: what a replay repeats. */
  record Answer(int status, String contentType, byte[] body) {}

  /**
   * The key in {@code scope} for a request whose method, path and canonical body are {@code request}.
   */
  Future<Claim> claim(Scope scope, String key, byte[] request);

  /** The outcome of a claim that was not refused. */
  sealed interface Claim permits Lease, Replay {}

  /** The request runs; its answer must be remembered, or the key released when it fails. */
  non-sealed interface Lease extends Claim {

    /** Keeps the answer for replays; completes when it is stored (or failed to be: the answer goes out anyway). */
    Future<Void> remember(Answer answer);

    /** Frees the key again: the request failed, so a retry runs anew. */
    Future<Void> release();
  }

  /** The first request's answer, to send again. */
  record Replay(Answer answer) implements Claim {}
}
