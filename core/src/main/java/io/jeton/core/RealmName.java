package io.jeton.core;

/** A realm (tenant) name: the path segment under {@code /realms/}. */
public record RealmName(String value) {
  public static final int MAX_LENGTH = 64;

  public RealmName {
    Ids.require(value, "RealmName", MAX_LENGTH);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_' || c == '.';
      if (!ok) {
        throw new IllegalArgumentException("realm name '" + value + "' may hold only letters, digits, '-', '_' and '.'");
      }
    }
  }

  public static RealmName of(String value) {
    return new RealmName(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
