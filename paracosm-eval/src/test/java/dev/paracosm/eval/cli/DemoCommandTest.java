package dev.paracosm.eval.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paracosm.ModelUnavailableException;
import dev.paracosm.eval.testing.TestRoles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(300)
class DemoCommandTest {

  @Test
  void withoutEncoderWeightsTheDemoFailsWithTheModelsOneSentence(@TempDir Path dir) {
    String sentence = "Model openai/clip-vit-base-patch32 is not in the cache " + dir.resolve("hf")
        + " and downloads are off; download it once online or pass --encoder dir:/path/to/model.";
    CliHarness h = new CliHarness();
    h.encoders = (spec, opts) -> {
      assertThat(spec).isEqualTo(DemoCommand.DEFAULT_ENCODER);
      throw new ModelUnavailableException(sentence);
    };
    assertThat(h.run("demo", "--work-dir", dir.resolve("demo").toString())).isEqualTo(ParacosmCli.MODEL_UNAVAILABLE);
    assertThat(h.err().strip()).isEqualTo("paracosm: " + sentence);
  }

  @Test
  void encoderSpecComesFromTheEnvironmentWhenNoOptionIsGiven(@TempDir Path dir) {
    CliHarness h = new CliHarness();
    h.env.put("PARACOSM_ENCODER", "dir:/models/x");
    String[] seen = new String[1];
    h.encoders = (spec, opts) -> {
      seen[0] = spec;
      throw new ModelUnavailableException("no weights");
    };
    h.run("demo", "--work-dir", dir.toString());
    assertThat(seen[0]).isEqualTo("dir:/models/x");
  }

  @Test
  void demoExtractsTheBundledGalleryWithItsLicences(@TempDir Path dir) throws Exception {
    Path g = DemoCommand.extractGallery(dir.resolve("gallery"));
    try (var files = Files.list(g)) {
      assertThat(files.map(p -> p.getFileName().toString()).toList()).hasSize(16).contains("LICENSES.md",
          "astronaut.png", "rocket.jpg", "horse.png");
    }
    assertThat(DemoCommand.queries()).hasSizeBetween(3, 4).allSatisfy(q -> {
      assertThat(g.resolve(q.reference() + ".png").toFile().exists() || g.resolve(q.reference() + ".jpg").toFile()
          .exists()).isTrue();
    });
  }

  @Test
  void withNoEndpointsTheDemoRunsTheBaselinesSaysWhatItSkippedAndWritesTheReport(@TempDir Path dir) throws Exception {
    CliHarness h = new CliHarness();
    TestRoles.TableEncoder enc = new TestRoles.TableEncoder();
    h.encoders = (spec, opts) -> enc;
    Path work = dir.resolve("demo");
    int code = h.run("--progress", "lines", "demo", "--work-dir", work.toString(), "-k", "3");
    assertThat(code).as(h.err()).isZero();
    String out = h.out();
    for (DemoCommand.DemoQuery q : DemoCommand.queries()) {
      assertThat(out).contains("Query " + q.id());
    }
    assertThat(out).contains("baseline_image_only", "baseline_text_only", "baseline_image_text");
    assertThat(out).contains("Skipped stages", "PARACOSM_CAPTIONER", "PARACOSM_IMAGE_EDITOR",
        "PARACOSM_TEXT_TO_IMAGE", "HTML report: ");
    Path report = work.resolve("demo-report.html");
    String html = Files.readString(report);
    assertThat(html.split("<tr class=\"query\"", -1)).hasSize(DemoCommand.queries().size() * 3 + 1);
    assertThat(html).doesNotContain("http://", "https://");
    assertThat(List.of(out.split("\n"))).filteredOn(l -> l.startsWith("  baseline_")).allSatisfy(l ->
        assertThat(l).contains("1. ").contains("3. ").doesNotContain("4. "));
  }

  @Test
  void withEveryEndpointSetTheDemoRunsParacosmAndPefuseToo(@TempDir Path dir) throws Exception {
    CliHarness h = new CliHarness();
    TestRoles.TableEncoder enc = new TestRoles.TableEncoder();
    TestRoles.CountingCaptioner cap = new TestRoles.CountingCaptioner();
    TestRoles.CountingEditor edit = new TestRoles.CountingEditor();
    TestRoles.CountingTextToImage t2i = new TestRoles.CountingTextToImage();
    h.encoders = (spec, opts) -> enc;
    h.generative = new CliContext.GenerativeFactory() {
      @Override
      public dev.paracosm.role.Captioner captioner(String spec, java.util.Map<String, String> options) {
        return cap;
      }

      @Override
      public dev.paracosm.role.ImageEditor imageEditor(String spec, java.util.Map<String, String> options) {
        return edit;
      }

      @Override
      public dev.paracosm.role.TextToImage textToImage(String spec, java.util.Map<String, String> options) {
        return t2i;
      }
    };
    h.env.put("PARACOSM_CAPTIONER", "test:cap");
    h.env.put("PARACOSM_IMAGE_EDITOR", "test:edit");
    h.env.put("PARACOSM_TEXT_TO_IMAGE", "test:t2i");
    h.env.put("PARACOSM_PEFUSE_DATABASE_PROMPT", "Describe the image.");
    Path work = dir.resolve("demo");
    assertThat(h.run("--progress", "none", "demo", "--work-dir", work.toString(), "-k", "2")).as(h.err()).isZero();
    assertThat(h.out()).contains("Every Paracosm and PEFUSE stage ran.").doesNotContain("Skipped stages");
    for (String mode : List.of("paracosm", "pefuse_t2i", "pefuse_i2i", "pefuse_t2t", "pefuse_i2t")) {
      assertThat(h.out()).contains("  " + mode + " ");
    }
    assertThat(t2i.calls.get()).as("one synthetic counterpart per gallery image").isEqualTo(15);
    assertThat(edit.calls.get()).as("mental image + PEFUSE edit per query").isEqualTo(2 * DemoCommand.queries().size());
    String html = Files.readString(work.resolve("demo-report.html"));
    assertThat(html.split("<tr class=\"query\"", -1)).hasSize(DemoCommand.queries().size() * 8 + 1);
    assertThat(html).contains("mental_image", "t_query");
  }
  @Test
  void withLoopbackGenerativeEndpointsTheDemoRunsEveryStageThroughTheHttpClients(@TempDir Path dir) throws Exception {
    try (dev.paracosm.models.openai.FakeOpenAiServer server = dev.paracosm.models.openai.FakeOpenAiServer.builder()
        .build()) {
      CliHarness h = new CliHarness();
      TestRoles.TableEncoder enc = new TestRoles.TableEncoder();
      h.encoders = (spec, opts) -> enc;
      h.env.put("PARACOSM_CAPTIONER", "vllm:Qwen/Qwen2.5-VL-7B-Instruct@" + server.baseUrl());
      h.env.put("PARACOSM_IMAGE_EDITOR", "vllm-omni:Qwen/Qwen-Image-Edit@" + server.baseUrl());
      h.env.put("PARACOSM_TEXT_TO_IMAGE", "vllm-omni:Qwen/Qwen-Image@" + server.baseUrl());
      h.env.put("PARACOSM_PEFUSE_DATABASE_PROMPT", "Describe the image in one sentence.");
      Path work = dir.resolve("demo");
      assertThat(h.run("--progress", "none", "demo", "--work-dir", work.toString(), "-k", "2")).as(h.err()).isZero();
      assertThat(h.out()).contains("Every Paracosm and PEFUSE stage ran.", "  paracosm ", "  pefuse_i2t ");
      assertThat(server.requests(dev.paracosm.models.openai.FakeOpenAiServer.CHAT)).isNotEmpty();
      assertThat(server.requests(dev.paracosm.models.openai.FakeOpenAiServer.EDITS)).isNotEmpty();
      assertThat(server.requests(dev.paracosm.models.openai.FakeOpenAiServer.GENERATIONS)).isNotEmpty();
      assertThat(server.schemaViolations()).isEmpty();
    }
  }
}
