/**
 * What every resource shares: typed API errors rendered as Dropwizard's JSON {@code ErrorMessage},
 * the bearer-token filter, switch (router) selection and the OpenAPI document.
 */
package io.natflow.rest.api;
