package org.tidings.gateway;

import io.vertx.core.json.JsonArray;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrustedProxiesTest {

  private final TrustedProxies proxies = TrustedProxies.from(new JsonArray().add("127.0.0.1").add("10.0.0.0/8").add("fd00::/8"));

  @Test
  void withoutTrustedProxiesTheHeaderIsIgnored() {
    assertThat(TrustedProxies.NONE.client("127.0.0.1", List.of("203.0.113.9"))).isEqualTo("127.0.0.1");
  }

  @Test
  void aPeerThatIsNotTrustedIsTheClientWhateverItSays() {
    assertThat(proxies.client("198.51.100.7", List.of("203.0.113.9"))).isEqualTo("198.51.100.7");
  }

  @Test
  void theClientIsTheRightMostAddressNotATrustedProxy() {
    assertThat(proxies.client("127.0.0.1", List.of("6.6.6.6, 203.0.113.9, 10.1.2.3"))).isEqualTo("203.0.113.9");
    assertThat(proxies.client("127.0.0.1", List.of("6.6.6.6", "203.0.113.9"))).isEqualTo("203.0.113.9");
  }

  @Test
  void aChainOfTrustedProxiesOnlyEndsAtTheLastOneSeen() {
    assertThat(proxies.client("127.0.0.1", List.of("10.0.0.2, 10.0.0.1"))).isEqualTo("10.0.0.2");
    assertThat(proxies.client("127.0.0.1", List.of())).isEqualTo("127.0.0.1");
  }

  @Test
  void garbageInTheHeaderStopsTheWalkAtTheLastAddressVouchedFor() {
    assertThat(proxies.client("127.0.0.1", List.of("203.0.113.9, not-an-address"))).isEqualTo("127.0.0.1");
    assertThat(proxies.client("127.0.0.1", List.of("evil.example.org, 10.0.0.7"))).isEqualTo("10.0.0.7");
  }

  @Test
  void rangesMatchByPrefixForBothFamilies() {
    assertThat(proxies.trusts("10.255.0.1")).isTrue();
    assertThat(proxies.trusts("11.0.0.1")).isFalse();
    assertThat(proxies.trusts("fd12:3456::1")).isTrue();
    assertThat(proxies.trusts("2001:db8::1")).isFalse();
    assertThat(proxies.client("fd00::1", List.of("2001:db8::5"))).isEqualTo("2001:db8::5");
  }

  @Test
  void namesAndBadRangesAreRefusedAtStart() {
    assertThatThrownBy(() -> TrustedProxies.from(new JsonArray().add("proxy.internal")))
      .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("proxy.internal");
    assertThatThrownBy(() -> TrustedProxies.from(new JsonArray().add("10.0.0.0/33")))
      .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prefix");
  }
}
