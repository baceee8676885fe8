package dev.paracosm.example.histogram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paracosm.ConfigurationException;
import dev.paracosm.role.Encoder;
import dev.paracosm.role.EncoderProvider;
import dev.paracosm.role.Providers;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ColorHistogramEncoderProviderTest {
  final ColorHistogramEncoderProvider provider = new ColorHistogramEncoderProvider();

  @Test
  void serviceLoaderFindsTheProviderForAHistogramSpec() {
    try (Encoder encoder = Providers.encoder("histogram:bins=8", Map.of())) {
      assertThat(encoder).isInstanceOf(ColorHistogramEncoder.class);
      assertThat(((ColorHistogramEncoder) encoder).settings()).isEqualTo(new HistogramSettings(8, 4, 64));
      assertThat(encoder.dimension()).isEqualTo(8 * 8 * 8 + 3 * 4 * 4 + 64);
    }
  }

  @Test
  void providerIsListedAmongTheEncoderProvidersOnTheClasspath() {
    assertThat(Providers.list(EncoderProvider.class)).extracting(EncoderProvider::name).contains("histogram");
  }

  @Test
  void bareSpecGivesTheDefaultSettings() {
    assertThat(((ColorHistogramEncoder) provider.create("histogram:", Map.of())).settings())
        .isEqualTo(HistogramSettings.defaults());
  }

  @Test
  void everyOptionCanBeSetInTheSpecInAnyOrder() {
    assertThat(((ColorHistogramEncoder) provider.create("histogram: words=128 , grid=2,bins=6", Map.of())).settings())
        .isEqualTo(new HistogramSettings(6, 2, 128));
  }

  @Test
  void providerOptionsSetDefaultsThatTheSpecOverrides() {
    Map<String, String> options = Map.of("histogram.bins", "8", "histogram.words", "32", "device", "cpu");
    assertThat(((ColorHistogramEncoder) provider.create("histogram:bins=3", options)).settings())
        .isEqualTo(new HistogramSettings(3, 4, 32));
  }

  @Test
  void onlyHistogramSpecsAreClaimed() {
    assertThat(provider.supports("histogram:")).isTrue();
    assertThat(provider.supports("histogram:bins=2")).isTrue();
    assertThat(provider.supports("hf:openai/clip-vit-base-patch32")).isFalse();
    assertThat(provider.supports("histogramish:")).isFalse();
    assertThat(provider.supports(null)).isFalse();
  }

  @Test
  void unknownOptionIsAConfigurationErrorNamingSpecAndKey() {
    assertThatThrownBy(() -> Providers.encoder("histogram:bins=4,colour=rgb", Map.of()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("histogram:bins=4,colour=rgb").hasMessageContaining("'colour'");
  }

  @Test
  void malformedPairIsAConfigurationErrorNamingIt() {
    assertThatThrownBy(() -> provider.create("histogram:bins", Map.of()))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("'bins' is not a key=value pair");
    assertThatThrownBy(() -> provider.create("histogram:bins=4,", Map.of()))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("histogram:bins=4,");
  }

  @Test
  void nonIntegerValueIsAConfigurationErrorNamingTheOption() {
    assertThatThrownBy(() -> provider.create("histogram:grid=two", Map.of()))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("'grid'").hasMessageContaining("'two'");
  }

  @Test
  void outOfRangeValueIsAConfigurationErrorNamingSpecAndRange() {
    assertThatThrownBy(() -> provider.create("histogram:bins=32", Map.of()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("histogram:bins=32").hasMessageContaining("[2, 16]");
  }

  @Test
  void unclaimedSpecStillFailsWithTheListOfProvidersFound() {
    assertThatThrownBy(() -> Providers.encoder("nosuch:model", Map.of()))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("histogram");
  }
}
