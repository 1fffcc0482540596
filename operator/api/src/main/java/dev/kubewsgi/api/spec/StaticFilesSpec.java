package dev.kubewsgi.api.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * A directory served under a URL prefix by the HTTP layer, without Python: mod_wsgi-express's
 * {@code --url-alias}, Apache's {@code Alias} to a {@code <Directory>}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StaticFilesSpec {

  @JsonPropertyDescription(
      "URL prefix the files are served under, e.g. /static: a request for /static/css/site.css "
          + "reads css/site.css in directory. Wins over an application mounted at a shorter "
          + "prefix (the longest prefix wins, as for applications); may not equal an application's "
          + "mount.")
  @Required
  @Pattern("^/$|^(/[^/?#\\s]+)+$")
  @Size(max = 256)
  private String mount;

  @JsonPropertyDescription(
      "Absolute path of the directory in the image (or in a mounted volume). Nothing outside it is "
          + "ever served: not through .., encoded or not, nor through symbolic links that leave it. "
          + "Directories are not listed. A file with a .br or .gz sibling is sent precompressed to "
          + "clients that accept it. In a local run, a relative path resolves against the folder "
          + "of the resource file.")
  @Required
  @Size(min = 1, max = 4096)
  private String directory;

  @JsonPropertyDescription(
      "Cache-Control header of every file served, e.g. \"public, max-age=31536000, immutable\" "
          + "for file names that carry a content hash. Without it no Cache-Control is sent; "
          + "clients still revalidate with ETag and Last-Modified (304 Not Modified).")
  @Pattern("^[\\x21-\\x7e]([\\x20-\\x7e]*[\\x21-\\x7e])?$")
  @Size(max = 256)
  private String cacheControl;

  public String getMount() {
    return mount;
  }

  public void setMount(String mount) {
    this.mount = mount;
  }

  public String getDirectory() {
    return directory;
  }

  public void setDirectory(String directory) {
    this.directory = directory;
  }

  public String getCacheControl() {
    return cacheControl;
  }

  public void setCacheControl(String cacheControl) {
    this.cacheControl = cacheControl;
  }
}
