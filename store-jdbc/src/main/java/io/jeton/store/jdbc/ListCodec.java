package io.jeton.store.jdbc;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Encodes a list of strings into one text column and back, each element as {@code <length>:<chars>}
 * (length in UTF-16 units). Any character may appear in an element, empty elements survive, and
 * encodings nest (a map is its sorted keys and values alternating; an element may be an encoding).
 */
final class ListCodec {
  private ListCodec() {}

  static String encode(Collection<String> items) {
    StringBuilder out = new StringBuilder();
    for (String item : items) {
      out.append(item.length()).append(':').append(item);
    }
    return out.toString();
  }

  /** A set, encoded in sorted order so that equal sets give equal text. */
  static String encodeSorted(Collection<String> items) {
    return encode(items.stream().sorted().toList());
  }

  static String encode(Map<String, String> map) {
    List<String> flat = new ArrayList<>();
    new TreeMap<>(map).forEach((k, v) -> {
      flat.add(k);
      flat.add(v);
    });
    return encode(flat);
  }

  static List<String> decode(String text) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      int colon = text.indexOf(':', i);
      if (colon < 0) {
        throw new IllegalStateException("corrupt list encoding at " + i);
      }
      int length = Integer.parseInt(text, i, colon, 10);
      int end = colon + 1 + length;
      if (length < 0 || end > text.length()) {
        throw new IllegalStateException("corrupt list encoding at " + i);
      }
      out.add(text.substring(colon + 1, end));
      i = end;
    }
    return out;
  }

  static Map<String, String> decodeMap(String text) {
    List<String> flat = decode(text);
    if (flat.size() % 2 != 0) {
      throw new IllegalStateException("corrupt map encoding: odd number of elements");
    }
    Map<String, String> map = new TreeMap<>();
    for (int i = 0; i < flat.size(); i += 2) {
      map.put(flat.get(i), flat.get(i + 1));
    }
    return map;
  }
}
