package dev.paracosm.eval.cli;

import dev.paracosm.InvalidInputException;
import dev.paracosm.eval.benchmark.Benchmark;
import dev.paracosm.eval.submission.SubmissionValidator;
import dev.paracosm.eval.submission.ValidationReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code paracosm validate-submission}: check CIRR / CIRCO test-server files offline before uploading. */
@Command(name = "validate-submission", sortOptions = false, mixinStandardHelpOptions = true,
    header = "Check CIRR / CIRCO test-server files before uploading.",
    description = {"Check CIRR (recall / recall_subset) or CIRCO submission files against their split before uploading:",
        "every query present, the right number of unique ids, ids in the gallery, no reference image in CIRR lists, "
            + "CIRR files under the server's 5 MB limit.",
        "Exit code 0 when every file is valid, 10 when any has violations (listed on stdout)."},
    footerHeading = "%nExamples:%n",
    footer = {"  paracosm validate-submission out/cirr_test1_recall.json out/cirr_test1_recall_subset.json "
        + "--dataset cirr --data-root /data/CIRR",
        "  paracosm validate-submission out/circo_test.json --dataset circo --data-root /data/CIRCO"})
final class ValidateSubmissionCommand extends ParacosmCli.SubCommand {
  @Parameters(paramLabel = "FILE", arity = "1..*", description = "Submission files.")
  List<Path> files;

  @Option(names = "--dataset", required = true, paramLabel = "NAME", description = "cirr or circo.")
  String dataset;

  @Option(names = "--data-root", required = true, paramLabel = "DIR", description = "Benchmark root directory.")
  Path dataRoot;

  @Option(names = "--split", paramLabel = "SPLIT", description = "Split the files are for. Default: test1 (CIRR), test (CIRCO).")
  String split;

  @Override
  public Integer call() {
    String d = dataset.toLowerCase(Locale.ROOT);
    String s = split != null ? split : d.equals("cirr") ? "test1" : "test";
    Benchmark b = Submissions.benchmark(d, dataRoot, s);
    boolean allValid = true;
    for (Path f : files) {
      if (!Files.isRegularFile(f)) {
        throw new InvalidInputException("Submission file " + f + " does not exist");
      }
      ValidationReport r = SubmissionValidator.validate(b, f);
      out().println(r.summary());
      allValid &= r.isValid();
    }
    return allValid ? ParacosmCli.OK : ParacosmCli.INVALID_SUBMISSION;
  }
}
