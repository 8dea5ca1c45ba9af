package dev.echolab.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The jar's command line: {@code run} (one headless stress, then exit) and {@code merge} (shards' results into
 * one). Parsed before Spring starts, so a bad flag exits 2 at once; without a subcommand the jar is the service.
 */
@Command(
        name = "echo-lab",
        mixinStandardHelpOptions = true,
        subcommands = {RunCommand.class, MergeCommand.class, CompareCommand.class, WaitCommand.class},
        description = "Without a subcommand: the Echo Lab service. With one: a headless load generator.")
public final class Cli {

    private static final Set<String> SUBCOMMANDS = Set.of("run", "merge", "compare", "wait");

    private Cli() {}

    /** Whether these arguments name a subcommand of the command line rather than start the service. */
    public static boolean handles(String[] args) {
        return args.length > 0 && SUBCOMMANDS.contains(args[0]);
    }

    /**
     * Runs a subcommand. The result goes to {@code stdout}; flag errors and help to {@code stderr}, as do the
     * logs, progress and table of a run (through {@code System.err}).
     *
     * @return the exit code: 0 ok, 1 the run failed or a threshold broke, 2 bad flags
     */
    public static int execute(PrintStream stdout, PrintStream stderr, String... args) {
        CommandLine line = new CommandLine(new Cli(), new Factory(stdout));
        line.setErr(new PrintWriter(stderr, true));
        line.setOut(new PrintWriter(stderr, true));
        line.setParameterExceptionHandler((e, rest) -> {
            // The message names the flag; the whole usage would bury it.
            e.getCommandLine().getErr().println("error: " + e.getMessage());
            e.getCommandLine()
                    .getErr()
                    .println("see: " + e.getCommandLine().getCommandSpec().qualifiedName() + " --help");
            return 2;
        });
        line.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("error: " + e.getMessage());
            return e instanceof CommandLine.IExitCodeGenerator code ? code.getExitCode() : 1;
        });
        return line.execute(args);
    }

    /** Hands the result stream to the commands that print one. */
    private record Factory(PrintStream stdout) implements CommandLine.IFactory {

        @Override
        public <K> K create(Class<K> type) throws Exception {
            if (type == RunCommand.class) {
                return type.cast(new RunCommand(stdout));
            }
            if (type == MergeCommand.class) {
                return type.cast(new MergeCommand(stdout));
            }
            if (type == CompareCommand.class) {
                return type.cast(new CompareCommand(stdout));
            }
            if (type == WaitCommand.class) {
                return type.cast(new WaitCommand(stdout));
            }
            return CommandLine.defaultFactory().create(type);
        }
    }
}
