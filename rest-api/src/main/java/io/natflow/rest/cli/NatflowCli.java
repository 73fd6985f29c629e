package io.natflow.rest.cli;

import java.io.PrintWriter;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code natflow <group> ...}: the CLI. {@link io.natflow.rest.NatflowApplication#main} hands
 * over when the first argument is one of {@link #GROUPS}; Dropwizard's own commands
 * ({@code server}, {@code check}) are untouched.
 */
@Command(name = "natflow", mixinStandardHelpOptions = true, version = "natflow CLI",
        description = "Manage a running natflow controller over its REST API.",
        footer = {"", "Environment: NATFLOW_URL (default http://127.0.0.1:8080), NATFLOW_TOKEN.",
                "Exit status: 0 success, 1 error (unreachable controller, HTTP 4xx/5xx), 2 usage error."},
        subcommands = {ForwardsCommand.class, MappingsCommand.class, InfoCommands.Switches.class,
                InfoCommands.Stats.class, InfoCommands.Config.class})
public final class NatflowCli {
    static final Set<String> GROUPS = Set.of("forwards", "mappings", "switches", "stats", "config", "cli");

    /** Whether {@code args} are a CLI invocation rather than a Dropwizard command. */
    public static boolean handles(String[] args) {
        return args.length > 0 && GROUPS.contains(args[0]);
    }

    /** Runs the CLI and returns the exit status. {@code natflow cli ...} is accepted as a prefix. */
    public static int run(String[] args) {
        return run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    }

    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        String[] effective = args.length > 0 && args[0].equals("cli")
                ? java.util.Arrays.copyOfRange(args, 1, args.length) : args;
        CommandLine cli = new CommandLine(new NatflowCli())
                .setOut(out)
                .setErr(err)
                .setExecutionExceptionHandler((e, command, parsed) -> {
                    command.getErr().println("natflow: " + (e instanceof CliException ? e.getMessage() : e.toString()));
                    command.getErr().flush();
                    return 1;
                });
        return cli.execute(effective);
    }
}
