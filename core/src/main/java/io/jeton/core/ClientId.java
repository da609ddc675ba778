package io.jeton.core;

/**
 * A client (application) identifier, unique within its realm: 1 to {@value #MAX_LENGTH}
 * characters, no control characters (PostgreSQL cannot even store a NUL; review M7).
 */
public record ClientId(String value) {
  public static final int MAX_LENGTH = 128;

  public ClientId {
    Ids.require(value, "ClientId", MAX_LENGTH);
    if (Ids.hasControl(value)) {
      throw new IllegalArgumentException("ClientId must not hold control characters");
    }
  }

  /** Whether {@code value} is a well-formed client id: what a parser checks before {@link #of}. */
  public static boolean isValid(String value) {
    return value != null && !value.isEmpty() && value.length() <= MAX_LENGTH && !Ids.hasControl(value);
  }

  public static ClientId of(String value) {
    return new ClientId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
