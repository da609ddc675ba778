package io.jeton.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ListCodecTest {
  @Test
  void encode_trickyElements_roundTripInOrder() {
    List<String> items = List.of("", "1:", "a:b", "12:x", "\ud83d\udd11", ":", "\u0000", "z");

    assertThat(ListCodec.decode(ListCodec.encode(items))).containsExactlyElementsOf(items);
  }

  @Test
  void encode_emptyList_isEmptyTextAndBack() {
    assertThat(ListCodec.encode(List.of())).isEmpty();
    assertThat(ListCodec.decode("")).isEmpty();
  }

  @Test
  void encodeSorted_equalSets_giveEqualText() {
    assertThat(ListCodec.encodeSorted(Set.of("b", "a", "c"))).isEqualTo("1:a1:b1:c");
  }

  @Test
  void encodeMap_nestedEncodings_roundTrip() {
    Map<String, String> map = Map.of("k", ListCodec.encode(List.of("x", "5:yyyyy")), "", "");

    assertThat(ListCodec.decodeMap(ListCodec.encode(map))).isEqualTo(map);
  }

  @Test
  void decode_truncatedText_throws() {
    assertThatThrownBy(() -> ListCodec.decode("5:abc")).isInstanceOf(IllegalStateException.class)
        .hasMessage("corrupt list encoding at 0");
    assertThatThrownBy(() -> ListCodec.decode("abc")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> ListCodec.decodeMap("1:a")).isInstanceOf(IllegalStateException.class)
        .hasMessage("corrupt map encoding: odd number of elements");
  }
}
