package io.jeton.dialect.wire;

import io.jeton.core.RequestContext;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An HTTP request as every dialect sees it, independent of the server library, so that dialects
 * are tested without a socket (the shape of Nimbus's {@code HTTPRequest}).
 *
 * @param method the HTTP method in upper case
 * @param pathParams the named path segments of the matched route, e.g. {@code realm}
 * @param headers request headers, looked up case-insensitively
 * @param query decoded query parameters, each with every value in order
 * @param body the raw body bytes, already limited in size by the server (empty when none)
 * @param context correlation id and remote address
 */
public record WireRequest(
    String method,
    Map<String, String> pathParams,
    WireHeaders headers,
    Map<String, List<String>> query,
    byte[] body,
    RequestContext context) {

  public WireRequest {
    Objects.requireNonNull(method, "method");
    pathParams = pathParams == null ? Map.of() : pathParams;
    headers = headers == null ? WireHeaders.EMPTY : headers;
    query = query == null ? Map.of() : query;
    body = body == null ? new byte[0] : body;
    context = context == null ? RequestContext.of("") : context;
  }

  /** A POST with a form body, for tests and in-process callers. */
  public static WireRequest post(Map<String, String> pathParams, WireHeaders headers, byte[] body) {
    return new WireRequest("POST", pathParams, headers, Map.of(), body, RequestContext.of(""));
  }

  public static WireRequest get(Map<String, String> pathParams, WireHeaders headers) {
    return new WireRequest("GET", pathParams, headers, Map.of(), new byte[0], RequestContext.of(""));
  }

  /** The named path parameter, or the empty string. */
  public String pathParam(String name) {
    return pathParams.getOrDefault(name, "");
  }

  public Optional<String> header(String name) {
    return headers.first(name);
  }

  public WireRequest withContext(RequestContext ctx) {
    return new WireRequest(method, pathParams, headers, query, body, ctx);
  }
}
