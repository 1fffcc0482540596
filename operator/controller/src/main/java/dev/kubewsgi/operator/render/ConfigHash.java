package dev.kubewsgi.operator.render;

import io.fabric8.kubernetes.api.model.ConfigMap;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The hash put on the pod template: over the rendered runtime ConfigMap, which holds the spec and
 * the source of every inline and ConfigMap script, so any change of them rolls the pods. Scripts
 * given by {@code path} live in the image, whose change rolls the pods by itself.
 */
public final class ConfigHash {

  private ConfigHash() {}

  public static String of(ConfigMap runtimeConfig) {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
    Map<String, String> data =
        runtimeConfig.getData() == null ? Map.of() : new TreeMap<>(runtimeConfig.getData());
    for (Map.Entry<String, String> entry : data.entrySet()) {
      // Length prefixes keep ("ab","c") and ("a","bc") apart.
      update(digest, entry.getKey());
      update(digest, entry.getValue());
    }
    return HexFormat.of().formatHex(digest.digest()).substring(0, 32);
  }

  private static void update(MessageDigest digest, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    digest.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
    digest.update((byte) ':');
    digest.update(bytes);
  }
}
