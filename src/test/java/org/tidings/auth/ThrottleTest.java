package org.tidings.auth;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ThrottleTest {

  private final AtomicLong now = new AtomicLong(1_000_000);
  private final Throttle throttle = new Throttle(new Throttle.Limits(5, 20, 60), now::get);

  @Test
  void theSixthFailureForOneEmailWithinAMinuteWaits() {
    for (int i = 0; i < 5; i++) {
      assertThat(throttle.retryAfter("a@x.org", "1.1.1." + i)).isZero();
      throttle.record("a@x.org", "1.1.1." + i);
    }
    assertThat(throttle.retryAfter("a@x.org", "9.9.9.9")).isEqualTo(60);
    assertThat(throttle.retryAfter("b@x.org", "9.9.9.9")).isZero();
    now.addAndGet(30_000);
    assertThat(throttle.retryAfter("a@x.org", "9.9.9.9")).isEqualTo(30);
    now.addAndGet(30_000);
    assertThat(throttle.retryAfter("a@x.org", "9.9.9.9")).isZero();
  }

  @Test
  void oneAddressTryingManyEmailsIsStoppedAtTwenty() {
    for (int i = 0; i < 20; i++) {
      throttle.record("user" + i + "@x.org", "6.6.6.6");
    }
    assertThat(throttle.retryAfter("fresh@x.org", "6.6.6.6")).isPositive();
    assertThat(throttle.retryAfter("fresh@x.org", "7.7.7.7")).isZero();
  }

  @Test
  void aSuccessfulLoginForgetsTheEmailsFailures() {
    for (int i = 0; i < 5; i++) {
      throttle.record("a@x.org", "1.1.1.1");
    }
    throttle.forget("a@x.org");
    assertThat(throttle.retryAfter("a@x.org", "2.2.2.2")).isZero();
  }

  @Test
  void sweepingDropsOnlyKeysWhoseAttemptsHaveAllExpired() {
    throttle.record("old@x.org", "1.1.1.1");
    now.addAndGet(61_000);
    throttle.record("new@x.org", "2.2.2.2");
    throttle.sweep();
    for (int i = 0; i < 4; i++) {
      throttle.record("new@x.org", "2.2.2.2");
    }
    assertThat(throttle.retryAfter("new@x.org", "3.3.3.3")).isPositive();
  }
}
