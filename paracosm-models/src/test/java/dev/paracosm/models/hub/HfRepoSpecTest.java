package dev.paracosm.models.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paracosm.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HfRepoSpecTest {

  @Test
  void revisionDefaultsToMain() {
    HfRepoSpec spec = HfRepoSpec.parse("hf:openai/clip-vit-base-patch32");

    assertThat(spec.repoId()).isEqualTo("openai/clip-vit-base-patch32");
    assertThat(spec.revision()).isEqualTo("main");
    assertThat(spec.folderName()).isEqualTo("models--openai--clip-vit-base-patch32");
  }

  @Test
  void revisionFollowsTheAtSign() {
    HfRepoSpec spec = HfRepoSpec.parse("hf:google/siglip-base-patch16-224@refs/pr/3");

    assertThat(spec.repoId()).isEqualTo("google/siglip-base-patch16-224");
    assertThat(spec.revision()).isEqualTo("refs/pr/3");
  }

  @Test
  void legacyRepositoryWithoutOrganisationIsAccepted() {
    assertThat(HfRepoSpec.parse("hf:gpt2").folderName()).isEqualTo("models--gpt2");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "hf:", "hf:a/b/c", "hf:org/", "hf:/name", "hf:org/na me", "hf:org/../x", "hf:org--x/y",
        "hf:org/name@", "hf:org/name@../../etc", "hf:org/name@/abs", "openai/clip"
      })
  void malformedSpecIsRejectedNamingIt(String text) {
    assertThatThrownBy(() -> HfRepoSpec.parse(text))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("'" + text + "'");
  }

  @Test
  void onlyFortyHexDigitsMakeACommitHash() {
    assertThat(HfRepoSpec.isCommitHash("5f0c2b7e9a1d4c3b8e6f7a0d1c2b3e4f5a6b7c8d")).isTrue();
    assertThat(HfRepoSpec.isCommitHash("5f0c2b7")).isFalse();
    assertThat(HfRepoSpec.isCommitHash("main")).isFalse();
  }

  @Test
  void urlPartsAreEncodedLikePythonQuote() {
    assertThat(HfHubModelSource.encode("refs/pr/3", false)).isEqualTo("refs%2Fpr%2F3");
    assertThat(HfHubModelSource.encode("sub dir/é.json", true)).isEqualTo("sub%20dir/%C3%A9.json");
  }

  @Test
  void etagIsStrippedOfQuotesAndWeakMarker() {
    assertThat(HfHubModelSource.normalizeEtag("W/\"abc\"")).isEqualTo("abc");
    assertThat(HfHubModelSource.normalizeEtag("\"abc\"")).isEqualTo("abc");
    assertThat(HfHubModelSource.normalizeEtag("abc")).isEqualTo("abc");
  }
}
