package io.jeton.server;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.jeton.dialect.wire.WireHeaders;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Helidon's request headers seen as {@link WireHeaders}; header names are interned once. */
final class HelidonHeaders implements WireHeaders {
  private static final ConcurrentHashMap<String, HeaderName> NAMES = new ConcurrentHashMap<>();
  private static final int MAX_CACHED_NAMES = 256;

  private final Headers headers;

  HelidonHeaders(Headers headers) {
    this.headers = headers;
  }

  static HeaderName name(String name) {
    HeaderName n = NAMES.get(name);
    if (n == null) {
      n = HeaderNames.create(name);
      if (NAMES.size() < MAX_CACHED_NAMES) {
        NAMES.putIfAbsent(name, n);
      }
    }
    return n;
  }

  @Override
  public Optional<String> first(String name) {
    return headers.first(name(name));
  }

  /** Every value of the header, in order. */
  List<String> all(String name) {
    HeaderName n = name(name);
    return headers.contains(n) ? headers.all(n, List::of) : List.of();
  }

  @Override
  public int count(String name) {
    HeaderName n = name(name);
    return headers.contains(n) ? headers.all(n, List::of).size() : 0;
  }
}
