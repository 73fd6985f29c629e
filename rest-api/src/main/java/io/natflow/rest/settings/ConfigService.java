package io.natflow.rest.settings;

/** What the config resource needs. */
public interface ConfigService {
    ConfigView effective();
}
