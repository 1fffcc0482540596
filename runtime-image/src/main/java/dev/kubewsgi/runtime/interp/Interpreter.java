package dev.kubewsgi.runtime.interp;

import dev.kubewsgi.api.ApplicationGroups;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;

/**
 * One GraalPy context: a worker of an application group. The only way into Python; the WSGI adapter
 * is evaluated once here and bound to {@link WsgiBridge}, and no polyglot {@code Value} leaves.
 */
public final class Interpreter implements AutoCloseable {

  /**
   * Stack of every thread that runs Python. Until compiled, each Python frame takes several Java
   * frames: with the default 1 MiB, importing Django (zoneinfo → sysconfig → realpath) failed now
   * and then with RecursionError, depending on how much was compiled yet.
   */
  public static final long THREAD_STACK_BYTES = 16L << 20;

  /** A daemon platform thread with {@link #THREAD_STACK_BYTES}: every thread that runs Python. */
  public static Thread.Builder.OfPlatform pythonThread() {
    return Thread.ofPlatform().stackSize(THREAD_STACK_BYTES).daemon(true);
  }

  /**
   * Evaluated in this order into each context's globals: the streams, the auth checks, the bridge.
   */
  private static final List<Source> ADAPTER =
      List.of(
          adapterSource("wsgi_streams.py"),
          adapterSource("wsgi_auth.py"),
          adapterSource("wsgi_adapter.py"));

  private final String group;
  private final int worker;
  private final Context context;
  private final WsgiBridge bridge;

  /**
   * Evaluates the adapter in a fresh context; the context belongs to the interpreter from here on.
   *
   * @param processGroup the resource's name: {@code mod_wsgi.process_group}
   * @param multithread what {@code wsgi.multithread} says: more than one thread per worker
   * @param multiprocess what {@code wsgi.multiprocess} says: more than one worker per group
   */
  public Interpreter(
      String processGroup,
      String group,
      int worker,
      Context context,
      boolean multithread,
      boolean multiprocess) {
    this.group = group;
    this.worker = worker;
    this.context = context;
    ADAPTER.forEach(context::eval);
    this.bridge = context.getBindings("python").getMember("bridge").as(WsgiBridge.class);
    // mod_wsgi names %{GLOBAL} "" in mod_wsgi.application_group.
    bridge.configure(
        multithread,
        multiprocess,
        group.equals(ApplicationGroups.GLOBAL) ? "" : group,
        processGroup);
  }

  public String group() {
    return group;
  }

  public int worker() {
    return worker;
  }

  /** "group/worker", how logs, status and readiness name this interpreter. */
  public String id() {
    return group + "/" + worker;
  }

  /**
   * Runs an import script: from {@code path} when {@code source} is null, else the inline source.
   */
  public Optional<ScriptFailure> runImportScript(String name, String path, String source) {
    return failure(bridge.runImportScript(name, path, source));
  }

  /** Imports an application script and keeps its callable under {@code index}. */
  public Optional<ScriptFailure> loadApplication(int index, String path, String callableName) {
    return failure(bridge.loadApplication(index, path, callableName));
  }

  /** Imports a module from the Python path and keeps its callable under {@code index}. */
  public Optional<ScriptFailure> loadModuleApplication(
      int index, String module, String callableName) {
    return failure(bridge.loadModuleApplication(index, module, callableName));
  }

  /**
   * Loads a hook script for application {@code index} and keeps its {@code function} (allow_access,
   * check_password or groups_for_user); {@link #configureAuth} then turns the checks on.
   */
  public Optional<ScriptFailure> loadAuthHook(
      int index, String function, String path, String source) {
    return failure(bridge.loadAuthHook(index, function, path, source));
  }

  /**
   * Checks application {@code index}'s requests with the hooks loaded for it, before it runs.
   *
   * @param provider {@code basic} or {@code digest}
   * @param realm null without a user script
   * @param requiredGroups names that may pass groups_for_user, any one enough
   * @param passAuthorization false removes HTTP_AUTHORIZATION from the application's environ
   * @param nonceSecret signs Digest nonces; the same in every interpreter of the process
   */
  public void configureAuth(
      int index,
      String provider,
      String realm,
      List<String> requiredGroups,
      boolean passAuthorization,
      String nonceSecret) {
    bridge.configureAuth(
        index, provider, realm, String.join("\0", requiredGroups), passAuthorization, nonceSecret);
  }

  /** Requests to application {@code index} that passed its checks and reached it. */
  public long authPassed(int index) {
    return bridge.authPassed(index);
  }

  /**
   * Finds a module on the Python path and compiles its file without running it (its parent packages
   * are imported to find it).
   */
  public Optional<ScriptFailure> compileModule(String module) {
    return failure(bridge.compileModule(module));
  }

  /** Compiles a script without running it; files leave their bytecode in the cache. */
  public Optional<ScriptFailure> compileScript(String path, String source) {
    return failure(bridge.compileScript(path, source));
  }

  /**
   * Calls the application of {@code request.applicationIndex()}; the response goes to {@code sink}.
   *
   * @throws RequestInterruptedException when closing the interpreter cancelled the call
   */
  public void call(WsgiRequest request, BodySource body, ResponseSink sink) {
    HostBody hostBody = new HostBody(body);
    try {
      bridge.call(
          request.applicationIndex(),
          request.method(),
          request.scriptName(),
          request.pathInfo(),
          request.query(),
          request.requestUri(),
          request.protocol(),
          String.join("\0", request.headers()),
          request.contentLength(),
          request.remoteAddr(),
          request.remotePort(),
          request.serverName(),
          request.serverPort(),
          request.urlScheme(),
          request.host(),
          hostBody,
          new HostSink(sink, hostBody));
    } catch (PolyglotException e) {
      if (e.isInterrupted() || e.isCancelled()) {
        throw new RequestInterruptedException(id(), e);
      }
      // Anything else the adapter could not catch itself: report it like an application error.
      sink.fail(false, e.getMessage(), hostBody.failure());
    }
  }

  /** Closes the context, cancelling any call still running in it. */
  @Override
  public void close() {
    context.close(true);
  }

  private static Optional<ScriptFailure> failure(String described) {
    return described == null ? Optional.empty() : Optional.of(ScriptFailure.parse(described));
  }

  private static Source adapterSource(String file) {
    try (InputStream in = Interpreter.class.getResourceAsStream(file)) {
      if (in == null) {
        throw new IllegalStateException(file + " is missing from the runtime jar");
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return Source.newBuilder("python", text, "kubewsgi/" + file).buildLiteral();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
