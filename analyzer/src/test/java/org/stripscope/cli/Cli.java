package org.stripscope.cli;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/** Runs the real command line in a child JVM, from the repository root, as a user would. */
final class Cli {

    static final Path ROOT = Path.of(System.getProperty("stripscope.root", "..")).toAbsolutePath().normalize();

    /** The public captures of other projects, beside the repository (read-only, never copied). */
    static final Path CORPUS = ROOT.getParent().resolve("shared/corpus");

    record Result(int exitCode, String stdout, String stderr) {
        List<CSVRecord> rows() throws IOException {
            return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                    .parse(new StringReader(stdout)).getRecords();
        }
    }

    private Cli() {
    }

    static Result run(String... args) throws IOException, InterruptedException {
        return runWith(List.of(), args);
    }

    /** As {@link #run}, with options for the JVM (e.g. system properties that choose a reader). */
    static Result runWith(List<String> jvmOptions, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("stripscope-out", ".txt");
        Path err = Files.createTempFile("stripscope-err", ".txt");
        try {
            Process p = new ProcessBuilder(command).directory(ROOT.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("stripscope did not finish within 120 s: " + String.join(" ", args));
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
