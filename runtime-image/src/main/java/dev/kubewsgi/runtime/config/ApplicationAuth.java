package dev.kubewsgi.runtime.config;

import java.util.List;
import java.util.stream.Stream;

/**
 * An application's {@code auth} block as the runtime applies it before the application runs.
 *
 * @param access null when there is no access script
 * @param user null when there is no authentication script
 * @param provider {@code basic} or {@code digest}
 * @param realm the Basic realm; null without a user script
 * @param group null when there is no group script
 * @param requiredGroups empty without a group script
 * @param passAuthorization whether the application sees HTTP_AUTHORIZATION
 */
public record ApplicationAuth(
    AuthHook access,
    AuthHook user,
    String provider,
    String realm,
    AuthHook group,
    List<String> requiredGroups,
    boolean passAuthorization) {

  /** The hooks that are set, in the order they run. */
  public List<AuthHook> hooks() {
    return Stream.of(access, user, group).filter(h -> h != null).toList();
  }

  /** Whether a request can stop at a check before the application (a hook is set). */
  public boolean checks() {
    return access != null || user != null;
  }
}
