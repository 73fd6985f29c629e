/** {@code /api/rules}: the routers' ordered NAT rules over {@link io.natflow.nat.service.RuleService}, and their store. */
package io.natflow.rest.rules;
