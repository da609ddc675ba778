package io.jeton.core.admin;

/**
 * Why an {@link Admin} operation was refused, one kind per answer a front end gives: the CLI exits
 * with status 3 for {@link Unknown} and 2 for {@link Duplicate} and {@link Invalid}; the admin API
 * answers 404, 409 and 400. The message is one line for the operator ("no client 'app' in realm
 * 'acme'") and never holds a secret. Admin operations are not hot paths, so a refusal is an
 * exception here (the signatures stay the values they return); the sealed hierarchy keeps each
 * front end's mapping an exhaustive {@code switch}.
 */
public abstract sealed class AdminFailure extends RuntimeException
    permits AdminFailure.Unknown, AdminFailure.Duplicate, AdminFailure.Invalid {
  private AdminFailure(String message) {
    super(message, null, false, false);
  }

  /** No realm, client, user or session of that name. */
  public static final class Unknown extends AdminFailure {
    public Unknown(String message) {
      super(message);
    }
  }

  /** A realm, client or user of that name exists already. */
  public static final class Duplicate extends AdminFailure {
    public Duplicate(String message) {
      super(message);
    }
  }

  /** An argument the operation cannot take (a malformed name, an unknown grant, a limit out of range). */
  public static final class Invalid extends AdminFailure {
    public Invalid(String message) {
      super(message);
    }
  }
}
