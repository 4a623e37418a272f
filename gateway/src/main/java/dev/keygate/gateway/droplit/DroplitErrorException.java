package dev.keygate.gateway.droplit;

/** Carries a {@link DroplitError} to the failure handler; no stack trace, it is an expected outcome. */
final class DroplitErrorException extends RuntimeException {

  private final DroplitError error;

  DroplitErrorException(DroplitError error) {
    super(error.message(), null, false, false);
    this.error = error;
  }

  DroplitError error() {
    return error;
  }
}
