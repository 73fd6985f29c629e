/** Typed, validated YAML configuration and the factories that build components from it. */
package io.natflow.rest.config;
