package io.jeton.core.auth;

/**
 * One parameter an authentication service needs, as service discovery publishes it (AGS
 * {@code GET /servicediscovery}).
 *
 * @param type the value's type as published ({@code string})
 * @param secret whether clients must treat the value as a secret (a password)
 */
public record AuthParameter(String name, String type, boolean required, boolean secret) {
  public static AuthParameter text(String name) {
    return new AuthParameter(name, "string", true, false);
  }

  public static AuthParameter secret(String name) {
    return new AuthParameter(name, "string", true, true);
  }
}
