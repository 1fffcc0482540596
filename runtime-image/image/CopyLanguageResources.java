import java.nio.file.Path;
import org.graalvm.polyglot.Engine;

/**
 * Unpacks GraalPy's internal resources (language home, native libraries) into a directory at image
 * build time, so a read-only root filesystem needs no extraction at start-up; the runtime points
 * {@code -Dpolyglot.engine.resourcePath} at it. Run with the runtime's class path:
 * {@code java -cp 'lib/*' CopyLanguageResources.java DIR}.
 */
public final class CopyLanguageResources {
  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: CopyLanguageResources DIR");
      System.exit(2);
    }
    Engine.copyResources(Path.of(args[0]), "python");
  }
}
