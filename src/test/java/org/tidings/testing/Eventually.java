package org.tidings.testing;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waits for what a server does in its own time: a condition checked every 10 ms for up to 30 s. */
public final class Eventually {

  private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(30);

  private Eventually() {
  }

  public static void eventually(BooleanSupplier condition) {
    eventually("the condition", condition);
  }

  public static void eventually(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + DEADLINE_NANOS;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("never happened: " + what);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
  }
}
