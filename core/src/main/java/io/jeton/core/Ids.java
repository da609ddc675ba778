package io.jeton.core;

final class Ids {
  private Ids() {}

  static String require(String value, String what, int maxLength) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(what + " must not be empty");
    }
    if (value.length() > maxLength) {
      throw new IllegalArgumentException(what + " is longer than " + maxLength + " characters");
    }
    return value;
  }
}
