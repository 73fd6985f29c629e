/**
 * Test support published in the {@code natflow-controller} test-jar for other modules' tests:
 * {@link io.natflow.controller.testing.FakeSwitch} (an OpenFlow 1.3 switch over a real socket),
 * {@link io.natflow.controller.testing.Await} (bounded polling instead of sleeps),
 * {@link io.natflow.controller.testing.RecordingListener} and {@link io.natflow.controller.testing.OfWire}.
 * Depend on it with {@code <type>test-jar</type><scope>test</scope>}.
 */
package io.natflow.controller.testing;
