package io.natflow.rest.ui;

import io.dropwizard.core.setup.Environment;
import io.natflow.rest.api.BearerToken;
import io.natflow.rest.config.ApiFactory;

/**
 * Puts the web page on the REST port: the page at {@code /} (the servlet mapping {@code ""} is
 * exactly the context root), its files under {@code /assets/*}, the health checks at
 * {@code /ui/health}. Jersey keeps {@code /*}, so every other path, {@code /api/...} included,
 * is the API's as before (a servlet mapping more specific than {@code /*} wins).
 */
public final class WebUi {
    private WebUi() {}

    public static void register(Environment environment, ApiFactory api) {
        UiServlet page = new UiServlet(UiAssets.load());
        environment.servlets().addServlet("natflow-ui", page).addMapping("", "/assets/*");
        BearerToken readToken = api.isProtectReads() ? new BearerToken(api.getToken()) : null;
        environment
                .servlets()
                .addServlet(
                        "natflow-ui-health",
                        new HealthServlet(environment.healthChecks(), environment.getObjectMapper(), readToken))
                .addMapping("/ui/health");
    }
}
