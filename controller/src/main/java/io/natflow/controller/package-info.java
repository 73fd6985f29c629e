/**
 * The OpenFlow 1.3 controller core: what applications see. {@link io.natflow.controller.OpenFlowServer}
 * accepts switches, {@link io.natflow.controller.SwitchRegistry} lists the ready ones and
 * {@link io.natflow.controller.SwitchListener} tells applications what happens. Knows nothing of NAT.
 */
package io.natflow.controller;
