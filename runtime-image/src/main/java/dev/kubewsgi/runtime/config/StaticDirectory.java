package dev.kubewsgi.runtime.config;

import java.nio.file.Path;

/**
 * A directory served under a URL prefix without Python ({@code spec.staticFiles[index]}).
 *
 * @param directory the directory, resolved to its real path (symbolic links followed)
 * @param cacheControl the Cache-Control header of every file, or null
 */
public record StaticDirectory(int index, String mount, Path directory, String cacheControl) {

  /** Whether the mount is a whole-segment prefix of the decoded {@code path}, as for apps. */
  public boolean mountIsPrefixOf(String path) {
    return Application.isMountPrefix(mount, path);
  }
}
