package dev.kubewsgi.e2e.kube;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * What kube-proxy (iptables mode) on the node, which runs on this machine, currently routes: a
 * pod's address is still a Service endpoint while a DNAT rule sends traffic to it.
 */
public final class ServiceRules {

  private ServiceRules() {}

  /** A DNAT rule on the node sends traffic to {@code podIp:port}. */
  public static boolean routeTo(String podIp, int port) {
    try {
      Process p =
          new ProcessBuilder("iptables-save", "-t", "nat")
              .redirectErrorStream(true)
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
      String rules = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("iptables-save failed: " + rules);
      }
      return rules.contains("--to-destination " + podIp + ":" + port);
    } catch (IOException e) {
      throw new IllegalStateException("cannot run iptables-save (the node runs here, as root)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
