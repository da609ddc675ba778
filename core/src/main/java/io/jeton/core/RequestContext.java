package io.jeton.core;

/**
 * What the edge knows about one request that core needs for audit: the
 * correlation id (echoed and logged) and the caller's address. Passed explicitly, never held in
 * a ThreadLocal.
 */
public record RequestContext(String correlationId, String remoteAddress) {
  public RequestContext {
    correlationId = correlationId == null ? "" : correlationId;
    remoteAddress = remoteAddress == null ? "" : remoteAddress;
  }

  public static RequestContext of(String correlationId) {
    return new RequestContext(correlationId, "");
  }
}
