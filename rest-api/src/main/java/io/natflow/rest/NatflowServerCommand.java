package io.natflow.rest;

import io.dropwizard.core.Application;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ServerCommand;
import io.natflow.rest.config.NatflowConfiguration;
import net.sourceforge.argparse4j.inf.Namespace;

/** Dropwizard's {@code server} command, with startup errors printed as one line for people. */
final class NatflowServerCommand extends ServerCommand<NatflowConfiguration> {

    NatflowServerCommand(Application<NatflowConfiguration> application) {
        super(application);
    }

    @Override
    public void onError(Cli cli, Namespace namespace, Throwable e) {
        if (e instanceof StartupException) {
            cli.getStdErr().println("natflow cannot start: " + e.getMessage());
        } else {
            super.onError(cli, namespace, e);
        }
    }
}
