package io.natflow.rest.ui;

import jakarta.servlet.http.HttpServletResponse;

/**
 * The headers every answer of the page carries. The CSP lets the page run only its own scripts
 * and styles and talk only to its own origin, so even text that slipped into the DOM as markup
 * could not load or run anything; the page never puts API data in as markup anyway.
 */
final class PageHeaders {
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private PageHeaders() {}

    static void apply(HttpServletResponse response) {
        response.setHeader("Content-Security-Policy", CSP);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("X-Frame-Options", "DENY");
        // Revalidate every time (the ETag makes that a 304): a new jar's page is never mixed with an old one's scripts.
        response.setHeader("Cache-Control", "no-cache");
    }
}
