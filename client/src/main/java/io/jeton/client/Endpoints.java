package io.jeton.client;

import java.net.URI;

/** Jeton's endpoint layout under a realm's issuer (docs/endpoints.md). */
final class Endpoints {
  private Endpoints() {}

  /** The issuer as a string without a trailing slash. */
  static String trim(URI issuer) {
    String s = issuer.toString();
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
