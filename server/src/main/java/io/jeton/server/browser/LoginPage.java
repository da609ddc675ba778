package io.jeton.server.browser;

import java.util.List;

/**
 * What the login page template ({@code src/main/jte/login.jte}) shows: every value is escaped by
 * JTE's HTML content type.
 *
 * @param error the message of a refused attempt, or null
 * @param hidden the authorization request's parameters, sent back with the form
 */
public record LoginPage(String realmName, String clientName, String action, String stylesheet, String csrf,
    List<Hidden> hidden, String username, String error) {
  public LoginPage {
    hidden = List.copyOf(hidden);
    username = username == null ? "" : username;
  }

  /** A hidden form field. */
  public record Hidden(String name, String value) {}
}
