package io.natflow.rest.cli;

import io.natflow.rest.api.SafeText;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ScopeType;

/**
 * {@code natflow [options] <group> ...}: the CLI. {@link io.natflow.rest.NatflowApplication#main}
 * hands over unless the command is one of Dropwizard's ({@code server}, {@code check}). The
 * global options ({@link ClientOptions}) and {@code --help} work on every command and anywhere
 * on the line.
 */
@Command(
        name = "natflow",
        mixinStandardHelpOptions = true,
        scope = ScopeType.INHERIT,
        version = "natflow CLI",
        description = "Manage a running natflow controller over its REST API.",
        footer = {
            "",
            "Environment: NATFLOW_URL (default http://127.0.0.1:8080), NATFLOW_TOKEN.",
            "Exit status: 0 success, 1 error (unreachable controller, HTTP 4xx/5xx), 2 usage error.",
            "The controller itself: natflow server natflow.yml"
        },
        subcommands = {
            ForwardsCommand.class,
            RulesCommand.class,
            MappingsCommand.class,
            InfoCommands.Switches.class,
            InfoCommands.Stats.class,
            InfoCommands.Config.class
        })
public final class NatflowCli {
    /** Dropwizard's commands; every other command line is the CLI's. */
    static final Set<String> SERVER_COMMANDS = Set.of("server", "check");
    /** Global options that take a value as the next argument. */
    private static final Set<String> OPTIONS_WITH_VALUE = Set.of("--url", "--token");

    /** The global options; picocli sets them here wherever on the command line they appear. */
    @Mixin
    ClientOptions options;

    /** Whether {@code args} are a CLI invocation: their first word that is not an option is not a server command. */
    public static boolean handles(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (OPTIONS_WITH_VALUE.contains(arg)) {
                i++; // its value
            } else if (!arg.startsWith("-")) {
                return !SERVER_COMMANDS.contains(arg);
            }
        }
        return true; // only options (--help, --url ...) or nothing: the CLI's usage
    }

    /** Runs the CLI and returns the exit status. {@code natflow cli ...} is accepted as a prefix. */
    public static int run(String[] args) {
        // The console's encoding, as before, but said explicitly.
        Charset console = Charset.defaultCharset();
        return run(
                args,
                new PrintWriter(new OutputStreamWriter(System.out, console), true),
                new PrintWriter(new OutputStreamWriter(System.err, console), true));
    }

    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        String[] effective =
                args.length > 0 && args[0].equals("cli") ? java.util.Arrays.copyOfRange(args, 1, args.length) : args;
        CommandLine cli = new CommandLine(new NatflowCli())
                .setOut(new PrintWriter(new TerminalSafeWriter(out), true))
                .setErr(new PrintWriter(new TerminalSafeWriter(err), true))
                .setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF)) // no escape codes
                .setExecutionExceptionHandler((e, command, parsed) -> {
                    String message = e instanceof CliException ? e.getMessage() : e.toString();
                    command.getErr().println("natflow: " + SafeText.escape(message)); // one line, whatever it holds
                    command.getErr().flush();
                    return 1;
                });
        return cli.execute(effective);
    }
}
