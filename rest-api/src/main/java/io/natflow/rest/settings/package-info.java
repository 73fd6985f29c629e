/** {@code GET /api/config}: the effective configuration, secrets hidden. */
package io.natflow.rest.settings;
