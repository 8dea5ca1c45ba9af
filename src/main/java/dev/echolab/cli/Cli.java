package dev.echolab.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The jar's command line: {@code run} (one headless stress, then exit), {@code merge} (shards' results into one),
 * {@code help}, {@code completion}; {@code --help} and {@code --version}. Parsed before anything starts, so a bad
 * flag exits 2 at once. Without arguments, or with only {@code --property=value} ones, the jar is the service.
 */
@Command(
        name = "echo-lab",
        mixinStandardHelpOptions = true,
        versionProvider = BuildInfo.Version.class,
        usageHelpAutoWidth = true,
        subcommands = {
            RunCommand.class,
            MergeCommand.class,
            CompareCommand.class,
            WaitCommand.class,
            HelpCommand.class,
            Cli.Completion.class
        },
        description = {
            "TCP echo servers for every Java IO model, a verifying load generator, and the metrics to compare them.",
            "Without a command (or with only --property=value arguments, e.g. --server.port=8081): the service, its "
                    + "API on :8080 and every model on 7001-7011. With a command: a headless load generator."
        },
        exitCodeListHeading = "%nExit codes of run, merge, compare and wait:%n",
        exitCodeList = {
            Outcome.HELD + ":every model held: the run succeeded and every threshold held",
            Outcome.FELL_SHORT + ":the server under test fell short: a threshold broke, or a model FAILED "
                    + "(bytes lost or wrong, errors)",
            Outcome.NOT_MEASURED + ":bad usage, or nothing valid was measured: a bad flag or file, an "
                    + "unreachable target, a model or run INCONCLUSIVE, a client-bound result with thresholds, "
                    + "a late --start-at, a merge refused",
            "130:run cancelled by SIGINT (Ctrl-C); the partial CANCELLED result is printed",
            "143:run cancelled by SIGTERM; the partial CANCELLED result is printed"
        })
public final class Cli {

    private Cli() {}

    /**
     * Whether these arguments are for the command line rather than the service: a command (or anything that is not
     * a {@code --property}), {@code --help}, {@code --version}. A mistyped command is the command line's to refuse,
     * never a service started by surprise.
     */
    public static boolean handles(String[] args) {
        if (args.length == 0) {
            return false;
        }
        String first = args[0];
        return !first.startsWith("--") || first.equals("--help") || first.equals("--version");
    }

    /**
     * The jar's entry for a command: stdout carries only what the command prints (a result, help, a version), so
     * everything else that writes to {@code System.out} goes to stderr; logs go to stderr too.
     */
    public static int main(String... args) {
        PrintStream stdout = System.out;
        System.setOut(System.err);
        RunLogging.own();
        return execute(stdout, System.err, args);
    }

    /**
     * Runs a command. Its result, help and version go to {@code stdout}; errors, progress, the table and the reasons
     * behind an exit code to {@code stderr}.
     *
     * @return the exit code: see {@link Outcome}
     */
    public static int execute(PrintStream stdout, PrintStream stderr, String... args) {
        CommandLine line = new CommandLine(new Cli(), new Factory(stdout, stderr));
        line.setOut(new PrintWriter(stdout, true));
        line.setErr(new PrintWriter(stderr, true));
        line.getSubcommands().get("run").setResourceBundle(RunFlags.defaults());
        line.setParameterExceptionHandler((e, rest) -> {
            // The message names the flag; the whole usage would bury it.
            PrintWriter err = e.getCommandLine().getErr();
            err.println("error: " + e.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
            err.println("see: " + e.getCommandLine().getCommandSpec().qualifiedName() + " --help");
            return Outcome.NOT_MEASURED;
        });
        line.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("error: " + (e.getMessage() != null ? e.getMessage() : e));
            return e instanceof CommandLine.IExitCodeGenerator code ? code.getExitCode() : Outcome.NOT_MEASURED;
        });
        return line.execute(args);
    }

    /** Prints a completion script for bash (and zsh, with bashcompinit) to stdout. */
    @Command(
            name = "completion",
            mixinStandardHelpOptions = true,
            versionProvider = BuildInfo.Version.class,
            header = "A bash (and zsh) completion script for echo-lab, on stdout.",
            description = {
                "Prints a bash completion script for echo-lab (zsh: after autoload bashcompinit; bashcompinit).",
                "With a wrapper or alias named echo-lab: source <(echo-lab completion)"
            })
    static final class Completion implements Callable<Integer> {

        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() {
            CommandLine root = spec.parent().commandLine();
            spec.commandLine().getOut().print(AutoComplete.bash(root.getCommandName(), root));
            spec.commandLine().getOut().flush();
            return Outcome.HELD;
        }
    }

    /** Hands the streams to the commands that print a result. */
    private record Factory(PrintStream stdout, PrintStream stderr) implements CommandLine.IFactory {

        @Override
        public <K> K create(Class<K> type) throws Exception {
            if (type == RunCommand.class) {
                return type.cast(new RunCommand(stdout, stderr, System.getenv()));
            }
            if (type == MergeCommand.class) {
                return type.cast(new MergeCommand(stdout, stderr));
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
