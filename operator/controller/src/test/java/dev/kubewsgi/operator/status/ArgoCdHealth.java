package dev.kubewsgi.operator.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

/**
 * The chart's Argo CD health check (helm/kubewsgi/files/argocd-health.lua) run by a Lua interpreter
 * (LuaJ) on a resource, handed over as Argo CD does: a table converted from the object's JSON.
 */
public final class ArgoCdHealth {

  private static final Path SCRIPT =
      Path.of(
          System.getProperty(
              "kubewsgi.argocd.health", "../../helm/kubewsgi/files/argocd-health.lua"));
  private static final ObjectMapper JSON = new ObjectMapper();

  private ArgoCdHealth() {}

  /** Argo CD's {status, message} for {@code resource}. */
  public static Map<String, String> of(Object resource) throws Exception {
    Globals lua = JsePlatform.standardGlobals();
    lua.set("obj", table(JSON.valueToTree(resource)));
    LuaValue hs = lua.load(Files.readString(SCRIPT), "argocd-health.lua").call();
    return Map.of("status", hs.get("status").tojstring(), "message", hs.get("message").tojstring());
  }

  private static LuaValue table(JsonNode node) {
    if (node.isObject()) {
      LuaTable t = new LuaTable();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!e.getValue().isNull()) {
          t.set(e.getKey(), table(e.getValue()));
        }
      }
      return t;
    }
    if (node.isArray()) {
      LuaTable t = new LuaTable();
      for (int i = 0; i < node.size(); i++) {
        t.set(i + 1, table(node.get(i)));
      }
      return t;
    }
    if (node.isBoolean()) {
      return LuaValue.valueOf(node.asBoolean());
    }
    if (node.isNumber()) {
      return LuaValue.valueOf(node.asDouble());
    }
    return LuaValue.valueOf(node.asText());
  }
}
