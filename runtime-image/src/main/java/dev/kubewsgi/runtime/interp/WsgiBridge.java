package dev.kubewsgi.runtime.interp;

/**
 * The Python object {@code bridge} of wsgi_adapter.py, seen from Java. Failures come back as a
 * NUL-joined "file, line, message, traceback" string so that no exception object crosses over.
 */
public interface WsgiBridge {

  void configure(
      boolean multithread, boolean multiprocess, String applicationGroup, String processGroup);

  String runImportScript(String name, String path, String source);

  String loadApplication(int index, String path, String callableName);

  String loadModuleApplication(int index, String module, String callableName);

  String loadAuthHook(int index, String function, String path, String source);

  void configureAuth(
      int index,
      String provider,
      String realm,
      String requiredGroups,
      boolean passAuthorization,
      String nonceSecret);

  long authPassed(int index);

  String compileModule(String module);

  String compileScript(String path, String source);

  void call(
      int index,
      String method,
      String scriptName,
      String pathInfo,
      String query,
      String requestUri,
      String protocol,
      String headers,
      long contentLength,
      String remoteAddr,
      int remotePort,
      String serverName,
      int serverPort,
      String urlScheme,
      String host,
      HostBody body,
      HostSink sink);
}
