package dev.paracosm.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paracosm.InvalidInputException;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class MetadataFilterTest {
  private static final Map<String, String> RED_DRESS_LOW = Map.of("category", "dress", "color", "red", "price_band",
      "low");

  @Test
  void parsesCommaAsAndAndBarAsOneOf() {
    MetadataFilter f = MetadataFilter.parse("category=dress,price_band=low|mid");
    assertThat(f).isEqualTo(MetadataFilter.and(MetadataFilter.eq("category", "dress"),
        MetadataFilter.in("price_band", "low", "mid")));
    assertThat(f.test(RED_DRESS_LOW)).isTrue();
    assertThat(f.test(Map.of("category", "dress", "price_band", "high"))).isFalse();
    assertThat(f.test(Map.of("category", "shirt", "price_band", "low"))).isFalse();
  }

  @Test
  void anItemWithoutTheKeyFailsEqualityButPassesNegation() {
    assertThat(MetadataFilter.eq("size", "m").test(RED_DRESS_LOW)).isFalse();
    assertThat(MetadataFilter.parse("size!=m").test(RED_DRESS_LOW)).isTrue();
    assertThat(MetadataFilter.parse("color!=red|blue").test(RED_DRESS_LOW)).isFalse();
  }

  @Test
  void notInvertsAndDoubleNegationCancels() {
    MetadataFilter f = MetadataFilter.eq("color", "red");
    assertThat(MetadataFilter.not(f).test(RED_DRESS_LOW)).isFalse();
    assertThat(MetadataFilter.not(MetadataFilter.not(f))).isEqualTo(f);
  }

  @Test
  void emptyTextAndStarMeanAll() {
    assertThat(MetadataFilter.parse("")).isSameAs(MetadataFilter.all());
    assertThat(MetadataFilter.parse(" * ")).isSameAs(MetadataFilter.all());
    assertThat(MetadataFilter.all().test(Map.of())).isTrue();
    assertThat(MetadataFilter.and()).isSameAs(MetadataFilter.all());
  }

  @Test
  void whitespaceAroundKeysAndValuesIsTrimmed() {
    assertThat(MetadataFilter.parse(" category = dress | shirt ")).isEqualTo(
        MetadataFilter.in("category", "dress", "shirt"));
  }

  @Test
  void aClauseWithoutEqualsIsATypedErrorNamingTheClause() {
    assertThatThrownBy(() -> MetadataFilter.parse("category=dress,colour"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("clause 2 'colour'")
        .hasMessageContaining("no '='");
  }

  @Test
  void emptyKeysValuesAndClausesAreTypedErrors() {
    assertThatThrownBy(() -> MetadataFilter.parse("=dress")).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("empty key");
    assertThatThrownBy(() -> MetadataFilter.parse("category=")).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("empty value");
    assertThatThrownBy(() -> MetadataFilter.parse("category=a||b")).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("empty value");
    assertThatThrownBy(() -> MetadataFilter.parse("a=b,,c=d")).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("clause 2");
    assertThatThrownBy(() -> MetadataFilter.parse("a=b=c")).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("'b=c'");
    assertThatThrownBy(() -> MetadataFilter.in("k")).isInstanceOf(InvalidInputException.class);
  }

  @Property(tries = 200)
  void toStringParsesBackToAnEqualFilter(@ForAll @AlphaChars @StringLength(min = 1, max = 6) String k1,
      @ForAll @AlphaChars @StringLength(min = 1, max = 6) String v1,
      @ForAll @AlphaChars @StringLength(min = 1, max = 6) String v2,
      @ForAll @AlphaChars @StringLength(min = 1, max = 6) String k2) {
    MetadataFilter f = MetadataFilter.and(MetadataFilter.in(k1, v1, v2),
        MetadataFilter.not(MetadataFilter.eq(k2, v1)));
    assertThat(MetadataFilter.parse(f.toString())).isEqualTo(f);
  }
}
