package dev.paracosm.eval.cli;

import dev.paracosm.InvalidInputException;
import dev.paracosm.eval.experiment.ResultRecord;
import dev.paracosm.eval.experiment.ResultsLog;
import dev.paracosm.eval.report.QualitativeReport;
import dev.paracosm.eval.report.ReportPlots;
import dev.paracosm.eval.report.ResultTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code paracosm report}: tables, plots and the HTML qualitative report from JSONL results. */
@Command(name = "report", sortOptions = false, mixinStandardHelpOptions = true,
    header = "Render results as tables, plots and an HTML report.",
    description = {"Render results (JSONL from sweep/eval) as paper-style tables and plots:",
        "  results.md, results.csv   rows = methods, columns = metrics per dataset",
        "  lambda.png                metric vs λ (when Paracosm points have two or more λ)",
        "  radar.png                 methods × datasets",
        "  qualitative.html          per query: reference, modification, generated intermediates, top-k with the target "
            + "marked (self-contained; when the results carry examples, see 'qualitative' in the config)"},
    footerHeading = "%nExamples:%n",
    footer = {"  paracosm report results/lambda_sweep.jsonl --out report/",
        "  paracosm report results/*.jsonl --out report/ --no-plots"})
final class ReportCommand extends ParacosmCli.SubCommand {
  @Parameters(paramLabel = "RESULTS", arity = "1..*", description = "JSONL results files.")
  List<Path> files;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "report", description = "Output directory. Default: ${DEFAULT-VALUE}.")
  Path outDir;

  @Option(names = "--no-plots", description = "Skip the PNG plots.")
  boolean noPlots;

  @Option(names = "--no-html", description = "Skip the HTML qualitative report.")
  boolean noHtml;

  @Override
  public Integer call() throws IOException {
    List<ResultRecord> records = new ArrayList<>();
    for (Path f : files) {
      if (!Files.isRegularFile(f)) {
        throw new InvalidInputException("Results file " + f + " does not exist");
      }
      records.addAll(ResultsLog.read(f));
    }
    if (records.isEmpty()) {
      throw new InvalidInputException("No results in " + files);
    }
    Files.createDirectories(outDir);
    ResultTable table = ResultTable.of(records);
    Path md = outDir.resolve("results.md");
    Files.writeString(md, table.toMarkdown());
    Path csv = outDir.resolve("results.csv");
    Files.writeString(csv, table.toCsv());
    out().print(table.toMarkdown());
    out().println("Wrote " + md);
    out().println("Wrote " + csv);
    if (!noPlots) {
      long lambdas = records.stream().filter(r -> "paracosm".equals(r.mode())).map(ResultRecord::lambda).distinct().count();
      if (lambdas >= 2) {
        Path p = outDir.resolve("lambda.png");
        ReportPlots.lambdaCurve(records, p);
        out().println("Wrote " + p);
      }
      if (!ReportPlots.headlines(records).isEmpty()) {
        Path p = outDir.resolve("radar.png");
        ReportPlots.radar(records, p);
        out().println("Wrote " + p);
      }
    }
    if (!noHtml) {
      List<QualitativeReport.Entry> entries = new ArrayList<>();
      for (ResultRecord r : records) {
        for (QualitativeReport.Entry e : QualitativeReport.entries(r)) {
          entries.add(new QualitativeReport.Entry(r.datasetName() + " · " + r.methodLabel() + " · " + e.queryId(),
              e.reference(), e.modificationText(), e.texts(), e.images(), e.hits(), e.targets()));
        }
      }
      if (!entries.isEmpty()) {
        Path p = outDir.resolve("qualitative.html");
        QualitativeReport.write("Paracosm qualitative report", entries, p);
        out().println("Wrote " + p);
      }
    }
    return ParacosmCli.OK;
  }
}
