package dev.kubewsgi.operator.render;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapKeySelector;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The ConfigMaps that {@code importScripts[].configMapRef} name, as read by the caller: the
 * operator from its informer cache, {@code kubewsgi render} from the documents of the file.
 */
public final class ScriptSources {

  private static final ScriptSources NONE = new ScriptSources(Map.of());

  private final Map<String, Map<String, String>> dataByConfigMap;

  private ScriptSources(Map<String, Map<String, String>> dataByConfigMap) {
    this.dataByConfigMap = dataByConfigMap;
  }

  public static ScriptSources none() {
    return NONE;
  }

  /** From ConfigMaps of the process group's namespace. */
  public static ScriptSources of(Collection<ConfigMap> configMaps) {
    Map<String, Map<String, String>> data = new HashMap<>();
    for (ConfigMap configMap : configMaps) {
      data.put(
          configMap.getMetadata().getName(),
          configMap.getData() == null ? Map.of() : Map.copyOf(configMap.getData()));
    }
    return new ScriptSources(data);
  }

  /** Whether the named ConfigMap was found at all. */
  public boolean hasConfigMap(String name) {
    return dataByConfigMap.containsKey(name);
  }

  /** The script's source, when its ConfigMap and key exist. */
  public Optional<String> find(ConfigMapKeySelector ref) {
    return Optional.ofNullable(dataByConfigMap.get(ref.getName()))
        .map(data -> data.get(ref.getKey()));
  }
}
