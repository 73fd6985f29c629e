/** Health checks on the admin port. */
package io.natflow.rest.health;
