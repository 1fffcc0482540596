package dev.kubewsgi.operator.dependent;

import dev.kubewsgi.api.WsgiProcessGroup;
import dev.kubewsgi.api.spec.ImportScriptSpec;
import dev.kubewsgi.operator.render.ResourceNames;
import dev.kubewsgi.operator.render.ScriptSources;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The user's ConfigMaps that {@code importScripts[].configMapRef} name: watched, so that editing a
 * script re-renders the runtime document, changes the config hash and rolls the pods.
 */
public final class ImportScriptConfigMaps {

  public static final String EVENT_SOURCE = "import-script-configmaps";
  private static final String INDEX = "import-script-configmap";

  private ImportScriptConfigMaps() {}

  /** An informer over ConfigMaps not rendered by the operator, mapped to the groups naming them. */
  public static InformerEventSource<ConfigMap, WsgiProcessGroup> eventSource(
      EventSourceContext<WsgiProcessGroup> context) {
    context.getPrimaryCache().addIndexer(INDEX, ImportScriptConfigMaps::indexKeys);
    var configuration =
        InformerEventSourceConfiguration.from(ConfigMap.class, WsgiProcessGroup.class)
            .withName(EVENT_SOURCE)
            .withLabelSelector("!" + ResourceNames.MANAGED_BY_LABEL)
            .withSecondaryToPrimaryMapper(
                configMap ->
                    context
                        .getPrimaryCache()
                        .byIndex(
                            INDEX,
                            key(
                                configMap.getMetadata().getNamespace(),
                                configMap.getMetadata().getName()))
                        .stream()
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
            .withPrimaryToSecondaryMapper((WsgiProcessGroup group) -> referenced(group))
            .build();
    return new InformerEventSource<>(configuration, context);
  }

  /** The scripts a group's configMapRefs name, from the informer's cache. */
  public static ScriptSources lookup(WsgiProcessGroup group, Context<WsgiProcessGroup> context) {
    if (referenced(group).isEmpty()) {
      return ScriptSources.none();
    }
    Set<ConfigMap> configMaps =
        context
            .eventSourceRetriever()
            .getEventSourceFor(ConfigMap.class, EVENT_SOURCE)
            .getSecondaryResources(group);
    return ScriptSources.of(configMaps);
  }

  private static Set<ResourceID> referenced(WsgiProcessGroup group) {
    return importScripts(group).stream()
        .filter(s -> s.getConfigMapRef() != null && s.getConfigMapRef().getName() != null)
        .map(s -> new ResourceID(s.getConfigMapRef().getName(), group.getMetadata().getNamespace()))
        .collect(Collectors.toSet());
  }

  private static List<String> indexKeys(WsgiProcessGroup group) {
    return referenced(group).stream()
        .map(id -> key(id.getNamespace().orElse(""), id.getName()))
        .toList();
  }

  private static List<ImportScriptSpec> importScripts(WsgiProcessGroup group) {
    return group.getSpec() != null && group.getSpec().getImportScripts() != null
        ? group.getSpec().getImportScripts()
        : List.of();
  }

  private static String key(String namespace, String name) {
    return namespace + "/" + name;
  }
}
