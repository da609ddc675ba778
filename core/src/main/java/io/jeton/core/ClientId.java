package io.jeton.core;

/** A client (application) identifier, unique within its realm. */
public record ClientId(String value) {
  public static final int MAX_LENGTH = 128;

  public ClientId {
    Ids.require(value, "ClientId", MAX_LENGTH);
  }

  public static ClientId of(String value) {
    return new ClientId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
