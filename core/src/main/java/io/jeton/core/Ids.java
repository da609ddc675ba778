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

  /** Whether the text holds a control character (C0, DEL or C1), which no identifier may hold. */
  static boolean hasControl(String value) {
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        return true;
      }
    }
    return false;
  }
}
