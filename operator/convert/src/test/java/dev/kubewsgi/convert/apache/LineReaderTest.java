package dev.kubewsgi.convert.apache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LineReaderTest {

  @Test
  void joinsContinuationsAndKeepsTheFirstLineNumber() {
    List<ConfigLine> lines =
        LineReader.read(
            "# comment\n\nWSGIDaemonProcess x \\\n    threads=2 \\  \n  processes=3\n", "a.conf");
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0).text()).isEqualTo("WSGIDaemonProcess x     threads=2   processes=3");
    assertThat(lines.get(0).origin()).isEqualTo(new Origin("a.conf", 3));
  }

  @Test
  void commentsOnlyAtTheStartOfALine() {
    List<ConfigLine> lines =
        LineReader.read("   # indented comment\nAlias /a /b # not a comment\r\n", "f");
    assertThat(lines).extracting(ConfigLine::text).containsExactly("Alias /a /b # not a comment");
    assertThat(lines.get(0).origin().line()).isEqualTo(2);
  }

  @Test
  void aContinuationAtTheEndOfTheFileEndsTheLine() {
    assertThat(LineReader.read("Define A \\", "f"))
        .extracting(ConfigLine::text)
        .containsExactly("Define A");
  }
}
