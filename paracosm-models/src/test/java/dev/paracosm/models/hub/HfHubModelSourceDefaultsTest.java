package dev.paracosm.models.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paracosm.ConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HfHubModelSourceDefaultsTest {

  @TempDir Path home;

  private HfHubModelSource fromEnv(Map<String, String> env) {
    return fromEnv(env, new Properties());
  }

  private HfHubModelSource fromEnv(Map<String, String> env, Properties props) {
    props.setProperty("user.home", home.toString());
    return HfHubModelSource.builder().environment(env, props).build();
  }

  @Test
  void cacheDefaultsToTheHomeCache() {
    HfHubModelSource source = fromEnv(Map.of());

    assertThat(source.cacheDir()).isEqualTo(home.resolve(".cache/huggingface/hub"));
    assertThat(source.endpoint()).hasToString("https://huggingface.co");
    assertThat(source.offline()).isFalse();
    assertThat(source.hasToken()).isFalse();
  }

  @Test
  void hfHomeMovesTheCacheToItsHubFolder() {
    assertThat(fromEnv(Map.of("HF_HOME", "/data/hf")).cacheDir()).isEqualTo(Path.of("/data/hf/hub"));
  }

  @Test
  void xdgCacheHomeIsUsedWithoutHfHome() {
    assertThat(fromEnv(Map.of("XDG_CACHE_HOME", "/xdg")).cacheDir())
        .isEqualTo(Path.of("/xdg/huggingface/hub"));
  }

  @Test
  void hfHubCacheWinsOverHfHome() {
    assertThat(fromEnv(Map.of("HF_HUB_CACHE", "~/hubcache", "HF_HOME", "/data/hf")).cacheDir())
        .isEqualTo(home.resolve("hubcache"));
  }

  @Test
  void builderOptionsWinOverTheEnvironment() {
    HfHubModelSource source =
        HfHubModelSource.builder()
            .environment(
                Map.of("HF_HUB_CACHE", "/env", "HF_ENDPOINT", "https://env.example", "HF_TOKEN", "t",
                    "HF_HUB_OFFLINE", "1"),
                new Properties())
            .cacheDir(Path.of("/explicit"))
            .endpoint("http://mirror.example:8080/")
            .token(null)
            .offline(false)
            .build();

    assertThat(source.cacheDir()).isEqualTo(Path.of("/explicit"));
    assertThat(source.endpoint()).hasToString("http://mirror.example:8080");
    assertThat(source.hasToken()).isFalse();
    assertThat(source.offline()).isFalse();
  }

  @Test
  void hfEndpointSetsTheEndpoint() {
    assertThat(fromEnv(Map.of("HF_ENDPOINT", "https://hf-mirror.example/")).endpoint())
        .hasToString("https://hf-mirror.example");
  }

  @Test
  void endpointThatIsNotHttpIsAConfigurationError() {
    assertThatThrownBy(() -> fromEnv(Map.of("HF_ENDPOINT", "ftp://x")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("ftp://x");
  }

  @Test
  void hfTokenComesFromTheEnvironment() {
    assertThat(fromEnv(Map.of("HF_TOKEN", " hf_env ")).token()).isEqualTo("hf_env");
  }

  @Test
  void tokenFileUnderHfHomeIsRead() throws IOException {
    Path hfHome = Files.createDirectories(home.resolve("hf"));
    Files.writeString(hfHome.resolve("token"), "hf_file\n");

    assertThat(fromEnv(Map.of("HF_HOME", hfHome.toString())).token()).isEqualTo("hf_file");
  }

  @Test
  void hfTokenPathPointsAtTheTokenFile() throws IOException {
    Path file = Files.writeString(home.resolve("my-token"), "hf_path");

    assertThat(fromEnv(Map.of("HF_TOKEN_PATH", file.toString())).token()).isEqualTo("hf_path");
  }

  @Test
  void hfHubOfflineTurnsOfflineModeOn() {
    assertThat(fromEnv(Map.of("HF_HUB_OFFLINE", "1")).offline()).isTrue();
    assertThat(fromEnv(Map.of("HF_HUB_OFFLINE", "true")).offline()).isTrue();
    assertThat(fromEnv(Map.of("HF_HUB_OFFLINE", "0")).offline()).isFalse();
  }

  @Test
  void djlOfflinePropertyTurnsOfflineModeOn() {
    Properties props = new Properties();
    props.setProperty("ai.djl.offline", "true");

    assertThat(fromEnv(Map.of(), props).offline()).isTrue();
  }
}
