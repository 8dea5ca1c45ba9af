package dev.echolab.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code merge}: the results of a run's shards as one (placeholder until the result fields exist). */
@Command(name = "merge", mixinStandardHelpOptions = true)
final class MergeCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "result.json")
    private List<Path> files = new ArrayList<>();

    @Option(names = "--format", defaultValue = "json")
    private String format;

    private final PrintStream stdout;

    MergeCommand(PrintStream stdout) {
        this.stdout = stdout;
    }

    @Override
    public Integer call() {
        return 1;
    }
}
