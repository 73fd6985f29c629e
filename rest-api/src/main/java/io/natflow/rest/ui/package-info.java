/**
 * The web page at {@code /}: static files served from the jar (no CDN, no build step) by a servlet
 * outside Jersey, so the page loads without a token even when {@code api.protectReads} guards
 * the API it then calls; and {@code /ui/health}, the health checks as JSON for the page.
 */
package io.natflow.rest.ui;
