package io.natflow.rest.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import io.natflow.nat.core.DropReason;
import io.natflow.nat.core.RefuseReason;
import io.natflow.nat.openflow.NatCounters;
import io.natflow.nat.service.NatEvent;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.IOException;
import java.io.StringWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PrometheusExportTest {
    private static final String R1 = "0000000000000001";
    private static final String R2 = "00000000000000ab";

    @Test
    void eachRoutersCountersAreLabelledCountersOfOneFamilyPerKind() throws IOException {
        MetricRegistry metrics = new MetricRegistry();
        NatCounters one = new NatCounters(R1, metrics, NatCounters.clock(System::currentTimeMillis));
        NatCounters two = new NatCounters(R2, metrics, NatCounters.clock(System::currentTimeMillis));
        one.drop(DropReason.TABLE_FULL);
        two.refused(RefuseReason.TABLE_FULL);
        two.refused(RefuseReason.TABLE_FULL);
        two.count(NatEvent.SENT_FLOW_MOD, 3);
        metrics.gauge("natflow.forwards", () -> () -> 7);

        String text = text(metrics);

        assertEquals(1.0, sample(text, "natflow_drops_total", "router=\"" + R1 + "\",reason=\"table_full\""));
        assertEquals(0.0, sample(text, "natflow_drops_total", "router=\"" + R2 + "\",reason=\"table_full\""));
        assertEquals(2.0, sample(text, "natflow_refusals_total", "router=\"" + R2 + "\",reason=\"table_full\""));
        assertEquals(3.0, sample(text, "natflow_events_total", "router=\"" + R2 + "\",event=\"sent_flow_mod\""));
        assertEquals(
                0.0,
                sample(text, "natflow_pcp_results_total", "router=\"" + R1 + "\",protocol=\"pcp\",result=\"success\""));
        assertEquals(
                0.0,
                sample(
                        text,
                        "natflow_pcp_requests_total",
                        "router=\"" + R1 + "\",protocol=\"natpmp\",opcode=\"map_tcp\""));
        for (String family : new String[] {"drops", "refusals", "events", "pcp_requests", "pcp_results"}) {
            assertEquals(1, count(text, "# TYPE natflow_" + family + "_total counter"), family + ": one family");
        }
        assertTrue(text.contains("natflow_forwards 7.0"), "other metrics keep their names");
        assertFalse(text.contains("natflow_router_"), "no per-router metric names");
    }

    private static String text(MetricRegistry metrics) throws IOException {
        StringWriter out = new StringWriter();
        TextFormat.write004(out, PrometheusExport.of(metrics).metricFamilySamples());
        return out.toString();
    }

    /** The value of {@code name{labels,}} (the text format ends a label list with a comma). */
    private static double sample(String text, String name, String labels) {
        Matcher m = Pattern.compile("^" + Pattern.quote(name + "{" + labels + ",} ") + "(\\S+)$", Pattern.MULTILINE)
                .matcher(text);
        assertTrue(m.find(), name + "{" + labels + "} in\n" + text);
        return Double.parseDouble(m.group(1));
    }

    private static int count(String text, String line) {
        return text.split(Pattern.quote(line + "\n"), -1).length - 1;
    }
}
