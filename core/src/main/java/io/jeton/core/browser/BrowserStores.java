package io.jeton.core.browser;

import java.lang.reflect.Proxy;

/** Placeholders for backends without browser sign-in. */
public final class BrowserStores {
  private BrowserStores() {}

  /** A store that refuses every call: for test backends that never sign a browser in. */
  public static final BrowserStore NONE = (BrowserStore) Proxy.newProxyInstance(BrowserStore.class.getClassLoader(),
      new Class<?>[] {BrowserStore.class}, (proxy, method, args) -> {
        if (method.getDeclaringClass() == Object.class) {
          return switch (method.getName()) {
            case "toString" -> "BrowserStores.NONE";
            case "hashCode" -> 0;
            case "equals" -> proxy == args[0];
            default -> throw new UnsupportedOperationException(method.getName());
          };
        }
        throw new UnsupportedOperationException("this backend has no browser sign-in store");
      });
}
