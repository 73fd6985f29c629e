/** The Dropwizard application: the one place that wires the controller, the NAT and the REST API. */
package io.natflow.rest;
