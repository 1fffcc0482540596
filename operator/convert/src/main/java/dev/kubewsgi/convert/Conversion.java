package dev.kubewsgi.convert;

import dev.kubewsgi.convert.apache.Notice;
import java.util.List;

/**
 * What {@code kubewsgi convert} made of a configuration: the resources, what could not be mapped
 * (an error with {@code --strict}), and advice that is no failure: host paths to copy into the
 * image, virtualenvs to rebuild with GraalPy.
 */
public record Conversion(List<ConvertedGroup> groups, List<Notice> unmapped, List<Notice> advice) {

  public Conversion {
    groups = List.copyOf(groups);
    unmapped = List.copyOf(unmapped);
    advice = List.copyOf(advice);
  }
}
