package dev.kubewsgi.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubewsgi.api.spec.RequestLimitsSpec;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Limits resolved from the resource: null means the API's defaults, field by field. */
class RequestLimitsTest {

  @Test
  void nullSpecMeansTheApiDefaults() {
    assertThat(RequestLimits.from(null))
        .isEqualTo(
            new RequestLimits(
                8192, 16384, 10485760L, Duration.ofSeconds(30), Duration.ofSeconds(75)));
  }

  @Test
  void nullFieldsFallBackOneByOne() {
    RequestLimitsSpec spec = new RequestLimitsSpec();
    spec.setMaxHeaderSize(null);
    spec.setMaxBodySize(5L);
    spec.setClientTimeoutSeconds(null);
    RequestLimits limits = RequestLimits.from(spec);
    assertThat(limits.maxHeaderSize()).isEqualTo(16384);
    assertThat(limits.maxBodySize()).isEqualTo(5);
    assertThat(limits.clientTimeout()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void nonPositiveValuesAreRefusedWithTheirNames() {
    assertThatThrownBy(
            () -> new RequestLimits(0, 1, 1, Duration.ofSeconds(1), Duration.ofSeconds(1)))
        .hasMessageContaining("maxRequestLineLength=0");
    assertThatThrownBy(() -> new RequestLimits(1, 1, 1, Duration.ZERO, Duration.ofSeconds(1)))
        .hasMessageContaining("clientTimeout=PT0S");
    assertThatThrownBy(
            () -> new RequestLimits(1, 1, 1, Duration.ofSeconds(1), Duration.ofSeconds(1), 1))
        .hasMessageContaining("maxUnsentResponseBytes=1");
  }
}
