package io.jeton.server.admin;

/** What tests in other packages may see of the admin API's package. */
public final class AdminApiTestAccess {
  private AdminApiTestAccess() {}

  public static byte[] openApiDocument() {
    return AdminApi.openApiDocument();
  }
}
