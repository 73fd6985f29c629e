package io.natflow.rest.metrics;

import com.codahale.metrics.MetricRegistry;
import io.natflow.controller.ConnectionDrop;
import io.natflow.controller.OpenFlowCounters;
import java.util.Locale;

/**
 * The OpenFlow server's self-protection as gauges: {@code natflow.openflow.drops.<reason>}
 * (connections closed or refused), {@code natflow.openflow.read_pauses},
 * {@code natflow.openflow.requests_refused}, {@code natflow.openflow.peak_write_queue_bytes}.
 */
public final class OpenFlowMetrics {
    private OpenFlowMetrics() {}

    public static void register(MetricRegistry registry, OpenFlowCounters counters) {
        for (ConnectionDrop reason : ConnectionDrop.values()) {
            registry.gauge(
                    "natflow.openflow.drops." + reason.name().toLowerCase(Locale.ROOT),
                    () -> () -> counters.drops(reason));
        }
        registry.gauge("natflow.openflow.read_pauses", () -> counters::readPauses);
        registry.gauge("natflow.openflow.requests_refused", () -> counters::requestsRefused);
        registry.gauge("natflow.openflow.peak_write_queue_bytes", () -> counters::peakWriteQueueBytes);
    }
}
