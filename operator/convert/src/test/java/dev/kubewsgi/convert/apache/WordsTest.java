package dev.kubewsgi.convert.apache;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WordsTest {

  @Test
  void blanksSeparateWords() {
    assertThat(Words.split("  WSGIScriptAlias\t/ /srv/app.wsgi  "))
        .containsExactly("WSGIScriptAlias", "/", "/srv/app.wsgi");
  }

  @Test
  void quotedWordsKeepBlanksAndUnescapeTheirQuote() {
    assertThat(Words.split("Alias \"/my static\" '/srv/it''s' \"a \\\"b\\\" \\\\ c\""))
        .containsExactly("Alias", "/my static", "/srv/it", "s", "a \"b\" \\ c");
  }

  @Test
  void quotesInsideAWordStay() {
    assertThat(Words.split("WSGIDaemonProcess x python-path=\"/a:/b\" lang='C'"))
        .containsExactly("WSGIDaemonProcess", "x", "python-path=\"/a:/b\"", "lang='C'");
  }

  @Test
  void anUnclosedQuoteRunsToTheEnd() {
    assertThat(Words.split("Alias \"/a b")).containsExactly("Alias", "/a b");
  }
}
