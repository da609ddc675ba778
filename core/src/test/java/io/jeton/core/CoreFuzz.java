package io.jeton.core;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded random input for core's fuzz tests (issue 6 point 9), the core-side twin of testkit's
 * {@code Fuzz}, which core cannot depend on: each try draws from its own generator seeded from
 * (seed, try), and a failure names the property, the try and what it drew.
 */
public final class CoreFuzz {
  /** Characters that break parsers and stores: NUL, controls, lone surrogates, delimiters. */
  private static final char[] NASTY = ("\u0000\u0001\u001f\u007f\u0085\u00a0\u2028\ufeff\ud800\udfff\uffff"
      + "%&=+:;,\"\\{}[] \t\r\n./aZ09-_~").toCharArray();

  private final SplittableRandom random;
  private final List<String> log = new ArrayList<>();

  private CoreFuzz(long seed, int attempt) {
    random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + attempt);
  }

  /** One try of a property. */
  @FunctionalInterface
  public interface Property {
    void check(CoreFuzz f) throws Exception;
  }

  /** Runs {@code property} {@code tries} times; the first failure says which try and what it drew. */
  public static void check(String name, long seed, int tries, Property property) {
    for (int i = 0; i < tries; i++) {
      CoreFuzz f = new CoreFuzz(seed, i);
      try {
        property.check(f);
      } catch (Throwable t) {
        throw new AssertionError("fuzz property '" + name + "' failed at try " + i + " of seed " + seed
            + "; it drew:\n  " + String.join("\n  ", f.log) + "\n" + t, t);
      }
    }
  }

  public int between(int low, int high) {
    return random.nextInt(low, high + 1);
  }

  public boolean chance(double p) {
    return random.nextDouble() < p;
  }

  @SafeVarargs
  public final <T> T pick(T... values) {
    return values[random.nextInt(values.length)];
  }

  /** Text of hard characters and any others, at most {@code maxLength} long. */
  public String text(int maxLength) {
    int n = between(0, maxLength);
    StringBuilder s = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      s.append(chance(0.7) ? NASTY[random.nextInt(NASTY.length)] : (char) random.nextInt(0x10000));
    }
    return s.toString();
  }

  public byte[] bytes(int maxLength) {
    byte[] b = new byte[between(0, maxLength)];
    random.nextBytes(b);
    return b;
  }

  /** Logs {@code value} under {@code label}, escaped, and returns it. */
  public String logged(String label, String value) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < Math.min(value.length(), 400); i++) {
      char c = value.charAt(i);
      s.append(c >= 0x20 && c < 0x7f && c != '\\' ? String.valueOf(c) : String.format("\\u%04x", (int) c));
    }
    log.add(label + " = \"" + s + (value.length() > 400 ? "...(" + value.length() + " chars)" : "") + "\"");
    return value;
  }
}
