package io.jeton.core;

import io.jeton.core.client.ClientCertificate;
import java.util.Optional;

/**
 * What the edge knows about one request that core needs: the correlation id (echoed and logged),
 * the caller's address, and the TLS client certificate the connection presented (or a trusted
 * proxy forwarded), RFC 8705 section 2. Passed explicitly, never held in a ThreadLocal.
 */
public record RequestContext(String correlationId, String remoteAddress, Optional<ClientCertificate> clientCertificate) {
  public RequestContext {
    correlationId = correlationId == null ? "" : correlationId;
    remoteAddress = remoteAddress == null ? "" : remoteAddress;
    clientCertificate = clientCertificate == null ? Optional.empty() : clientCertificate;
  }

  /** A request without a client certificate. */
  public RequestContext(String correlationId, String remoteAddress) {
    this(correlationId, remoteAddress, Optional.empty());
  }

  public static RequestContext of(String correlationId) {
    return new RequestContext(correlationId, "");
  }

  public RequestContext withClientCertificate(ClientCertificate certificate) {
    return new RequestContext(correlationId, remoteAddress, Optional.of(certificate));
  }
}
