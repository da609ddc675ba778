package io.jeton.core.realm;

import java.util.Map;

/**
 * One authentication service a realm allows (AGS {@code x-auth-service-id}): its id, its type
 * ({@code password}, {@code ldap}, ...) and the type's settings.
 */
public record AuthServiceRef(String id, String type, Map<String, String> settings) {
  public AuthServiceRef {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("an auth service needs an id");
    }
    if (type == null || type.isBlank()) {
      throw new IllegalArgumentException("auth service '" + id + "' needs a type");
    }
    settings = settings == null ? Map.of() : Map.copyOf(settings);
  }

  public static AuthServiceRef password(String id) {
    return new AuthServiceRef(id, "password", Map.of());
  }
}
