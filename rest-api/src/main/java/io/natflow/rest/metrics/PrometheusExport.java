package io.natflow.rest.metrics;

import com.codahale.metrics.MetricRegistry;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.dropwizard.DropwizardExports;
import io.prometheus.client.dropwizard.samplebuilder.CustomMappingSampleBuilder;
import io.prometheus.client.dropwizard.samplebuilder.MapperConfig;
import java.util.List;
import java.util.Map;

/**
 * The Dropwizard registry in Prometheus text format. Each router's meters
 * ({@code natflow.router.<datapath id>.<kind>.<label>}) become labelled counters:
 * {@code natflow_events_total{router,event}}, {@code natflow_drops_total{router,reason}},
 * {@code natflow_refusals_total{router,reason}},
 * {@code natflow_pcp_requests_total{router,protocol,opcode}} and
 * {@code natflow_pcp_results_total{router,protocol,result}}; every other metric keeps
 * Dropwizard's name with dots as underscores ({@code natflow.events.packet_in} →
 * {@code natflow_events_packet_in}).
 */
public final class PrometheusExport {
    private PrometheusExport() {}

    /** A Prometheus registry that reads {@code metrics} at every scrape. */
    public static CollectorRegistry of(MetricRegistry metrics) {
        CollectorRegistry prometheus = new CollectorRegistry();
        new DropwizardExports(
                        metrics,
                        new CustomMappingSampleBuilder(List.of(
                                routerMeter("event.*", "natflow_events", "event"),
                                routerMeter("drop.*", "natflow_drops", "reason"),
                                routerMeter("refusal.*", "natflow_refusals", "reason"),
                                routerMeter("pcp_request.*.*", "natflow_pcp_requests", "protocol", "opcode"),
                                routerMeter("pcp_result.*.*", "natflow_pcp_results", "protocol", "result"))))
                .register(prometheus);
        return prometheus;
    }

    /** {@code natflow.router.*.<pattern>} as {@code name} with labels router and {@code labels} for the stars. */
    private static MapperConfig routerMeter(String pattern, String name, String... labels) {
        Map<String, String> byLabel = new java.util.LinkedHashMap<>();
        byLabel.put("router", "${0}");
        for (int i = 0; i < labels.length; i++) {
            byLabel.put(labels[i], "${" + (i + 1) + "}");
        }
        return new MapperConfig("natflow.router.*." + pattern, name, byLabel);
    }
}
