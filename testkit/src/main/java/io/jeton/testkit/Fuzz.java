package io.jeton.testkit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded random input for the fuzz tests (issue 6 point 9; docs/decisions.md says why not a
 * library): {@code Fuzz.check("form", 20261202, 500, f -> parse(f.mutate(seed)))} runs the
 * property 500 times, try {@code i} on its own generator seeded from {@code (seed, i)}, so a run
 * is deterministic and any failing try is replayed alone with {@link #replay}. Everything a try
 * draws is logged and shown in the failure, escaped.
 *
 * <p>The inputs: any bytes and text, the hard bytes parsers get wrong ({@link #NASTY}: NUL and
 * other controls, bytes that are not UTF-8, bad %-escapes, delimiters, huge runs), and edits of a
 * valid input (a flipped bit, a truncation, a deleted or repeated slice, hard bytes inserted or
 * written over).
 */
public final class Fuzz {
  /** The longest run {@link #nasty()} makes: more than every per-field limit (4096, 8192). */
  public static final int HUGE = 9000;

  /** Bytes that parsers get wrong, each short; {@link #nasty()} adds random and huge ones. */
  public static final List<byte[]> NASTY = List.of(
      of(0x00), of(0x01), of(0x07), of(0x08), of(0x09), of(0x0a), of(0x0d), of(0x0d, 0x0a),
      of(0x1b), of(0x7f), of(0x80), of(0xff), of(0xfe, 0xff),
      of(0xc3, 0x28), of(0xc0, 0xaf), of(0xe0, 0x80, 0xaf), of(0xed, 0xa0, 0x80),
      of(0xf4, 0x90, 0x80, 0x80), of(0xf0, 0x9f, 0x98), of(0xef, 0xbb, 0xbf),
      ascii("%"), ascii("%0"), ascii("%00"), ascii("%zz"), ascii("%C3%28"), ascii("%ED%A0%80"), ascii("%FF"),
      ascii("%25"), ascii("+"), ascii("&"), ascii("="), ascii("&&"), ascii("=="), ascii(";"), ascii(":"),
      ascii("\""), ascii("\\"), ascii("\\u0000"), ascii("\\ud800"), ascii("'"), ascii("{"), ascii("}"), ascii("["),
      ascii("]"), ascii(","), ascii("null"), ascii("-1"), ascii("1e999999"), ascii("0x10"), ascii(" "), ascii("."),
      ascii(".."), ascii("/"), ascii("Bearer "), ascii("Basic "), ascii("Basic Og=="),
      "\u2028".getBytes(StandardCharsets.UTF_8), "\u00e9".getBytes(StandardCharsets.UTF_8),
      "\ud83d\ude00".getBytes(StandardCharsets.UTF_8));

  /** Characters that break parsers and stores: NUL, controls, lone surrogates, delimiters. */
  private static final char[] NASTY_CHARS = ("\u0000\u0001\u001f\u007f\u0085\u00a0\u00ff\u2028\ufeff\ud800\udfff"
      + "\uffff%&=+:;,\"\\{}[] \t\r\n./aZ09-_~\u0130\u017f").toCharArray();

  private final SplittableRandom random;
  private final List<String> log = new ArrayList<>();

  private Fuzz(long seed, int attempt) {
    this.random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + attempt);
  }

  /** A property over random input: one call of {@code property} per try. */
  @FunctionalInterface
  public interface Property {
    void check(Fuzz f) throws Exception;
  }

  /**
   * Runs {@code property} {@code tries} times; the first failing try throws an {@link
   * AssertionError} that names the property, the seed and the try, shows what the try drew, and
   * has the failure as its cause.
   */
  public static void check(String name, long seed, int tries, Property property) {
    for (int i = 0; i < tries; i++) {
      replay(name, seed, i, property);
    }
  }

  /** Runs try {@code attempt} of a {@link #check} alone, to debug a failure it reported. */
  public static void replay(String name, long seed, int attempt, Property property) {
    Fuzz f = new Fuzz(seed, attempt);
    try {
      property.check(f);
    } catch (Throwable t) {
      throw new AssertionError("fuzz property '" + name + "' failed at try " + attempt + " of seed " + seed
          + " (Fuzz.replay(\"" + name + "\", " + seed + "L, " + attempt + ", ...) runs it alone); it drew:\n  "
          + String.join("\n  ", f.log) + "\n" + t, t);
    }
  }

  /** Adds a line to what a failure shows (for inputs built from several draws). */
  public Fuzz note(String what) {
    log.add(what);
    return this;
  }

  /** An int in [low, high]. */
  public int between(int low, int high) {
    return random.nextInt(low, high + 1);
  }

  /** True with probability {@code p}. */
  public boolean chance(double p) {
    return random.nextDouble() < p;
  }

  /** One of the values. */
  @SafeVarargs
  public final <T> T pick(T... values) {
    return values[random.nextInt(values.length)];
  }

  /** One of the values. */
  public <T> T pick(List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  /** Random bytes, any value, at most {@code maxLength} of them. */
  public byte[] bytes(int maxLength) {
    byte[] b = new byte[between(0, maxLength)];
    random.nextBytes(b);
    return b;
  }

  /** Hard bytes: one of {@link #NASTY}, a few random bytes, or a huge run of one byte or of {@code %41}. */
  public byte[] nasty() {
    int r = random.nextInt(12);
    if (r < 7) {
      return pick(NASTY);
    }
    if (r < 10) {
      return bytes(8);
    }
    if (r < 11) {
      byte[] b = new byte[HUGE];
      Arrays.fill(b, pick((byte) 'a', (byte) '%', (byte) 0, (byte) 0xff, (byte) '['));
      return b;
    }
    return ascii("%41".repeat(HUGE / 3));
  }

  /** Text of {@link #NASTY_CHARS} and any other characters, at most {@code maxLength} long. */
  public String text(int maxLength) {
    int n = between(0, maxLength);
    StringBuilder s = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      s.append(chance(0.7) ? NASTY_CHARS[random.nextInt(NASTY_CHARS.length)] : (char) random.nextInt(0x10000));
    }
    return s.toString();
  }

  /** Text with no lone surrogate (so that it has a UTF-8 encoding), at most {@code maxLength} long. */
  public String unicode(int maxLength) {
    int n = between(0, maxLength);
    StringBuilder s = new StringBuilder(n);
    while (s.length() < n) {
      int cp = chance(0.5) ? random.nextInt(0x20, 0x7f) : random.nextInt(0, 0x110000);
      if (cp < 0xd800 || cp > 0xdfff) {
        s.appendCodePoint(cp);
      }
    }
    return s.toString();
  }

  /** One to {@code maxEdits} random edits of {@code in}, logged. */
  public byte[] mutate(byte[] in, int maxEdits) {
    byte[] out = in;
    int n = between(1, maxEdits);
    for (int i = 0; i < n; i++) {
      Edit e = edit();
      log.add(e.toString());
      out = e.apply(out);
    }
    return out;
  }

  /** One random edit, the hard bytes weighted above plain damage. */
  public Edit edit() {
    int at = random.nextInt(1 << 20);
    return switch (random.nextInt(11)) {
      case 0, 1, 2 -> new FlipBit(at, random.nextInt(8));
      case 3 -> new Truncate(at);
      case 4 -> new Delete(at, between(1, 16));
      case 5 -> new Repeat(at, between(1, 40), between(1, 3));
      case 6, 7, 8 -> new Insert(at, nasty());
      default -> new Overwrite(at, nasty());
    };
  }

  /** One edit of a byte string; {@link #apply} never throws, whatever the input. */
  public sealed interface Edit {
    byte[] apply(byte[] in);
  }

  /** Flips bit {@code bit} of the byte at {@code at} (modulo the length). */
  public record FlipBit(int at, int bit) implements Edit {
    @Override
    public byte[] apply(byte[] in) {
      if (in.length == 0) {
        return in;
      }
      byte[] out = in.clone();
      int i = Math.floorMod(at, in.length);
      out[i] = (byte) (out[i] ^ (1 << Math.floorMod(bit, 8)));
      return out;
    }
  }

  /** Keeps only the bytes before {@code at}. */
  public record Truncate(int at) implements Edit {
    @Override
    public byte[] apply(byte[] in) {
      return Arrays.copyOf(in, position(at, in.length));
    }
  }

  /** Removes {@code length} bytes from {@code at}. */
  public record Delete(int at, int length) implements Edit {
    @Override
    public byte[] apply(byte[] in) {
      int from = position(at, in.length);
      int to = Math.min(in.length, from + Math.max(0, length));
      return concat(Arrays.copyOfRange(in, 0, from), Arrays.copyOfRange(in, to, in.length));
    }
  }

  /** Repeats the {@code length} bytes from {@code at} {@code times} more times (a repeated parameter, say). */
  public record Repeat(int at, int length, int times) implements Edit {
    @Override
    public byte[] apply(byte[] in) {
      int from = position(at, in.length);
      int to = Math.min(in.length, from + Math.max(0, length));
      byte[] slice = Arrays.copyOfRange(in, from, to);
      byte[] out = Arrays.copyOfRange(in, 0, to);
      for (int i = 0; i < Math.max(1, times); i++) {
        out = concat(out, slice);
      }
      return concat(out, Arrays.copyOfRange(in, to, in.length));
    }
  }

  /** Inserts {@code bytes} before {@code at}. */
  public record Insert(int at, byte[] bytes) implements Edit {
    @Override
    public byte[] apply(byte[] in) {
      int p = position(at, in.length);
      return concat(concat(Arrays.copyOfRange(in, 0, p), bytes), Arrays.copyOfRange(in, p, in.length));
    }

    @Override
    public String toString() {
      return "Insert[at=" + at + ", bytes=" + show(bytes) + "]";
    }
  }

  /** Writes {@code bytes} over the input from {@code at}, growing it if needed. */
  public record Overwrite(int at, byte[] bytes) implements Edit {
    @Override
    public byte[] apply(byte[] in) {
      int p = position(at, in.length);
      byte[] out = Arrays.copyOf(in, Math.max(in.length, p + bytes.length));
      System.arraycopy(bytes, 0, out, p, bytes.length);
      return out;
    }

    @Override
    public String toString() {
      return "Overwrite[at=" + at + ", bytes=" + show(bytes) + "]";
    }
  }

  /** Logs {@code value} under {@code label} and returns it. */
  public byte[] logged(String label, byte[] value) {
    log.add(label + " = " + show(value));
    return value;
  }

  /** Logs {@code value} under {@code label} and returns it. */
  public String logged(String label, String value) {
    log.add(label + " = \"" + show(value) + "\"");
    return value;
  }

  /** The bytes shown for a failure report: printable ASCII as is, every other byte as {@code \xNN}. */
  public static String show(byte[] b) {
    StringBuilder s = new StringBuilder();
    int n = Math.min(b.length, 400);
    for (int i = 0; i < n; i++) {
      int c = b[i] & 0xff;
      s.append(c >= 0x20 && c < 0x7f && c != '\\' ? String.valueOf((char) c) : String.format("\\x%02x", c));
    }
    return b.length > n ? s + "...(" + b.length + " bytes)" : s.toString();
  }

  /** The text shown the same way: every character outside printable ASCII as {@code \\uNNNN}. */
  public static String show(String s) {
    StringBuilder out = new StringBuilder();
    int n = Math.min(s.length(), 400);
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      out.append(c >= 0x20 && c < 0x7f && c != '\\' ? String.valueOf(c) : String.format("\\u%04x", (int) c));
    }
    return s.length() > n ? out + "...(" + s.length() + " chars)" : out.toString();
  }

  private static int position(int at, int length) {
    return Math.floorMod(at, length + 1);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static byte[] of(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
