/** Gauges of the NAT in the Dropwizard metrics registry, also served in Prometheus text format. */
package io.natflow.rest.metrics;
