package org.tidings.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * The {@code cluster} settings of a test's instances, clustered over Hazelcast on loopback.
 * The cluster has a name of its own, so that no other run on the machine can join it, and each
 * instance a free port of its own, listed as the members: on Hazelcast's default ports
 * (5701 and up, members tried up to 5703) an instance pushed past them by another cluster on
 * the machine (a benchmark, another test run) finds no member of its own cluster and forms one
 * alone, and what it publishes no longer reaches the others.
 */
public final class LoopbackCluster {

  private final String name = "tidings-test-" + UUID.randomUUID();
  private final List<Integer> ports;

  public LoopbackCluster(int instances) {
    this.ports = IntStream.range(0, instances).mapToObj(i -> Ports.free()).toList();
  }

  /** The {@code cluster} section for instance {@code index} (from 0). */
  public JsonObject settings(int index) {
    JsonArray members = new JsonArray();
    ports.forEach(port -> members.add("127.0.0.1:" + port));
    return new JsonObject().put("enabled", true).put("name", name).put("host", "127.0.0.1")
      .put("port", ports.get(index)).put("members", members);
  }
}
