package dev.kubewsgi.operator.render;

import dev.kubewsgi.api.WsgiProcessGroup;
import dev.kubewsgi.api.WsgiProcessGroupSpec;
import dev.kubewsgi.api.spec.ImportScriptSpec;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapKeySelector;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders the ConfigMap the runtime reads: the process group's document (apiVersion, kind, name,
 * namespace and spec, without replicas) under {@code processgroup.yaml}.
 *
 * <p>Scripts from {@code configMapRef} are inlined as {@code source}, so the document is complete
 * on its own, the pods need no extra volume, and the config hash covers their content.
 */
public final class RuntimeConfigRenderer {

  private RuntimeConfigRenderer() {}

  public static ConfigMap render(WsgiProcessGroup group, ScriptSources scripts) {
    return new ConfigMapBuilder()
        .withMetadata(ResourceNames.metadata(group, ResourceNames.configMap(group)))
        .addToData(ResourceNames.CONFIG_KEY, ObjectYaml.write(runtimeDocument(group, scripts)))
        .build();
  }

  /** The document the runtime runs: the spec with every script's source resolved, no status. */
  public static WsgiProcessGroup runtimeDocument(WsgiProcessGroup group, ScriptSources scripts) {
    WsgiProcessGroup document = new WsgiProcessGroup();
    document.setMetadata(
        new ObjectMetaBuilder()
            .withName(group.getMetadata().getName())
            .withNamespace(group.getMetadata().getNamespace())
            .build());
    WsgiProcessGroupSpec spec = ObjectYaml.copy(group.getSpec(), WsgiProcessGroupSpec.class);
    spec.setImportScripts(inlined(spec.getImportScripts(), scripts));
    // The runtime serves the same way at any scale; leaving replicas out keeps the config hash,
    // and so the pods, unchanged when the group is scaled.
    spec.setReplicas(null);
    document.setSpec(spec);
    document.setStatus(null);
    return document;
  }

  private static List<ImportScriptSpec> inlined(
      List<ImportScriptSpec> importScripts, ScriptSources scripts) {
    if (importScripts == null) {
      return null;
    }
    List<ImportScriptSpec> result = new ArrayList<>();
    for (int i = 0; i < importScripts.size(); i++) {
      ImportScriptSpec script = importScripts.get(i);
      ConfigMapKeySelector ref = script.getConfigMapRef();
      if (ref == null) {
        result.add(script);
        continue;
      }
      String source = scripts.find(ref).orElse(null);
      if (source == null) {
        if (Boolean.TRUE.equals(ref.getOptional())) {
          continue; // an optional script that is absent is skipped, as Kubernetes does for env
        }
        throw new RenderException(
            "spec.importScripts[" + i + "].configMapRef",
            scripts.hasConfigMap(ref.getName())
                ? "ConfigMap \"" + ref.getName() + "\" has no key \"" + ref.getKey() + "\""
                : "ConfigMap \"" + ref.getName() + "\" not found in the process group's namespace");
      }
      if (script.getName() == null) {
        script.setName(ref.getName() + "/" + ref.getKey());
      }
      script.setSource(source);
      script.setConfigMapRef(null);
      result.add(script);
    }
    return result;
  }
}
