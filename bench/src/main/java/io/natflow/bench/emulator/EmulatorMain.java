package io.natflow.bench.emulator;

import java.io.PrintStream;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code java -cp bench/target/benchmarks.jar io.natflow.bench.emulator.EmulatorMain --help}.
 * Without a subcommand it runs the emulator; {@code config} prints the routers of the controller configuration
 * the emulated switches need (one NAT router per datapath id).
 */
@Command(
        name = "natflow-emulator",
        mixinStandardHelpOptions = true,
        subcommands = EmulatorMain.Config.class,
        description = "OpenFlow 1.3 switch emulator: measures natflow's flow setups per second and latency.")
public final class EmulatorMain implements Callable<Integer> {
    @Option(
            names = "--controller",
            defaultValue = "127.0.0.1:16653",
            description = "host:port (default ${DEFAULT-VALUE})")
    String controller;

    @Mixin
    Datapaths datapaths;

    @Option(
            names = "--window",
            defaultValue = "64",
            description = "outstanding packet-ins per switch (default ${DEFAULT-VALUE})")
    int window;

    @Option(
            names = "--rate",
            defaultValue = "0",
            description = "packet-ins per second over all switches; 0 = as fast as answered (default ${DEFAULT-VALUE})")
    long rate;

    @Option(
            names = "--hosts",
            defaultValue = "4096",
            description = "internal hosts per switch (default ${DEFAULT-VALUE})")
    int hosts;

    @Option(
            names = "--udp-share",
            defaultValue = "0.5",
            description = "share of UDP first packets, rest TCP SYN (default ${DEFAULT-VALUE})")
    double udpShare;

    @Option(names = "--warmup", defaultValue = "10", description = "warm-up seconds (default ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--duration", defaultValue = "20", description = "measured seconds (default ${DEFAULT-VALUE})")
    int duration;

    @Option(
            names = "--timeout-ms",
            defaultValue = "2000",
            description = "an answer later than this is missing (default ${DEFAULT-VALUE})")
    long timeoutMillis;

    @Option(names = "--quiet", description = "no per-second progress lines")
    boolean quiet;

    @Option(
            names = "--fill",
            defaultValue = "0",
            description =
                    "sessions to set up (as fast as answered) before the warm-up, so the measurement runs against a full table (default ${DEFAULT-VALUE})")
    long fill;

    @Option(
            names = "--max-flows",
            defaultValue = "100000",
            description =
                    "flows the switches keep in all (for flow-stats requests), about 300 bytes each (default ${DEFAULT-VALUE})")
    int maxFlows;

    @Option(
            names = "--metrics",
            description =
                    "the controller's Prometheus URL, read around the measured phase (OpenFlow messages per setup)")
    String metricsUrl;

    @Option(
            names = "--scrape-ms",
            defaultValue = "0",
            description =
                    "with --metrics, also read it every this many ms during warm-up and measurement; 0 = off (default ${DEFAULT-VALUE})")
    long scrapeMillis;

    @Option(
            names = "--list-mappings",
            description =
                    "the controller's GET /api/mappings URL: list every mapping page by page in a loop during warm-up and measurement")
    String mappingsUrl;

    public static void main(String[] args) {
        System.exit(new CommandLine(new EmulatorMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        int colon = controller.lastIndexOf(':');
        Emulator.Settings settings = new Emulator.Settings(
                controller.substring(0, colon),
                Integer.parseInt(controller.substring(colon + 1)),
                datapaths.switches,
                datapaths.firstDpid,
                window,
                rate,
                hosts,
                udpShare,
                warmup,
                duration,
                timeoutMillis,
                !quiet,
                fill,
                maxFlows,
                metricsUrl,
                scrapeMillis,
                mappingsUrl);
        Results r = new Emulator(settings).run();
        report(settings, r, System.out);
        return 0;
    }

    static void report(Emulator.Settings s, Results r, PrintStream out) {
        var h = r.latency;
        out.printf(
                Locale.ROOT,
                "mode          %s%n",
                s.rate() == 0
                        ? "as fast as answered, window " + s.window() + " per switch"
                        : "fixed rate " + s.rate() + "/s (window " + s.window() + " per switch)");
        out.printf(
                Locale.ROOT,
                "switches      %d, %d hosts each, %.0f%% UDP%n",
                s.switches(),
                s.hosts(),
                s.udpShare() * 100);
        if (s.fill() > 0) {
            out.printf(
                    Locale.ROOT,
                    "fill          %,d sessions set up first in %.1f s (%,.0f/s): %,d complete, %,d wrong, %,d missing%n",
                    r.fillTarget,
                    r.fillSeconds,
                    r.fillCompleted / Math.max(r.fillSeconds, 1e-9),
                    r.fillCompleted,
                    r.fillWrong,
                    r.fillMissing);
        }
        out.printf(
                Locale.ROOT,
                "measured      %.1f s after %d s warm-up (%s to %s)%n",
                r.seconds(),
                s.warmupSeconds(),
                Instant.ofEpochMilli(r.measureStartMillis),
                Instant.ofEpochMilli(r.measureEndMillis));
        out.printf(Locale.ROOT, "packet-ins    %,d sent (%,.0f/s)%n", r.sent, r.sent / r.seconds());
        out.printf(
                Locale.ROOT,
                "setups        %,d complete and correct: %,.0f setups/s%n",
                r.completed,
                r.setupsPerSecond());
        out.printf(
                Locale.ROOT,
                "latency       p50 %s  p90 %s  p99 %s  p99.9 %s  max %s  (mean %s, n=%,d)%n",
                us(h.getValueAtPercentile(50)),
                us(h.getValueAtPercentile(90)),
                us(h.getValueAtPercentile(99)),
                us(h.getValueAtPercentile(99.9)),
                us(h.getMaxValue()),
                us((long) h.getMean()),
                h.getTotalCount());
        out.printf(Locale.ROOT, "wrong         %,d %s%n", r.wrong, r.wrongByProblem.isEmpty() ? "" : r.wrongByProblem);
        out.printf(Locale.ROOT, "missing       %,d (no complete answer within %d ms)%n", r.missing, s.timeoutMillis());
        out.printf(
                Locale.ROOT,
                "unmatched     %,d answers about no outstanding connection %s%n",
                r.unmatched,
                r.unmatchedByProblem.isEmpty() ? "" : r.unmatchedByProblem);
        out.printf(Locale.ROOT, "errors        %,d OFPT_ERROR from the controller%n", r.errors);
        if (s.rate() > 0) {
            out.printf(
                    Locale.ROOT,
                    "window full   %,d pacer ticks found every window full (rate not sustained)%n",
                    r.windowFull);
        }
        out.printf(
                Locale.ROOT,
                "switch        %,d gateway ARP requests answered; %,d flows kept, %,d not kept (--max-flows), "
                        + "%,d flow-mods ignored; %,d flow-stats requests answered with %,d flows%n",
                r.arpAnswered,
                r.flowsKept,
                r.flowsNotKept,
                r.flowModsUnsupported,
                r.flowStatsRequests,
                r.flowStatsEntries);
        controllerCounters(r, out);
        if (s.scrapeMillis() > 0 && s.metricsUrl() != null) {
            var sc = r.scrapeLatency;
            out.printf(
                    Locale.ROOT,
                    "scrapes       %,d every %d ms (%,d failed), each p50 %s  max %s%n",
                    sc.getTotalCount(),
                    s.scrapeMillis(),
                    r.scrapesFailed,
                    us(sc.getValueAtPercentile(50)),
                    us(sc.getMaxValue()));
        }
        if (r.lister != null) {
            var pl = r.lister.pageLatency;
            out.printf(
                    Locale.ROOT,
                    "listing       %,d full listings, %,d pages of %d, %,d mappings read, %,d failed; page p50 %s  p99 %s  max %s%n",
                    r.lister.listings,
                    r.lister.pages,
                    MappingLister.PAGE,
                    r.lister.items,
                    r.lister.failures,
                    us(pl.getValueAtPercentile(50)),
                    us(pl.getValueAtPercentile(99)),
                    us(pl.getMaxValue()));
        }
        out.printf(
                Locale.ROOT,
                "RESULT setups_per_s=%.0f p50_us=%.1f p99_us=%.1f p999_us=%.1f max_us=%.1f sent=%d completed=%d wrong=%d missing=%d unmatched=%d%n",
                r.setupsPerSecond(),
                h.getValueAtPercentile(50) / 1e3,
                h.getValueAtPercentile(99) / 1e3,
                h.getValueAtPercentile(99.9) / 1e3,
                h.getMaxValue() / 1e3,
                r.sent,
                r.completed,
                r.wrong,
                r.missing,
                r.unmatched);
    }

    /**
     * OpenFlow messages per session setup, all from the controller's own counters read before
     * and after the measured phase (one read gives a consistent pair; the emulator's own count
     * of completed setups between the reads is shown beside them).
     */
    private static void controllerCounters(Results r, PrintStream out) {
        if (r.metricsBefore == null || r.metricsAfter == null) {
            out.printf(Locale.ROOT, "controller    counters not read%n");
            return;
        }
        Map<String, Double> a = r.metricsBefore;
        Map<String, Double> b = r.metricsAfter;
        double setups = ControllerMetrics.delta(a, b, ControllerMetrics.SESSION_SETUP);
        double per = Math.max(setups, 1);
        out.printf(
                Locale.ROOT,
                "controller    %,.0f session setups between reads (emulator: %,d complete); per setup: packet_in %.3f  "
                        + "flow_mod %.3f  packet_out %.3f  translated_in_controller %.4f;  %,.0f live sessions, %,.0f mappings%n",
                setups,
                r.completedAtMetricsAfter - r.completedAtMetricsBefore,
                ControllerMetrics.delta(a, b, ControllerMetrics.PACKET_IN) / per,
                ControllerMetrics.delta(a, b, ControllerMetrics.FLOW_MOD) / per,
                ControllerMetrics.delta(a, b, ControllerMetrics.PACKET_OUT) / per,
                ControllerMetrics.delta(a, b, ControllerMetrics.TRANSLATED_IN_CONTROLLER) / per,
                b.getOrDefault(ControllerMetrics.SESSIONS, 0.0),
                b.getOrDefault(ControllerMetrics.MAPPINGS, 0.0));
    }

    private static String us(long nanos) {
        return String.format(Locale.ROOT, "%.0f µs", nanos / 1e3);
    }

    /** Which switches to emulate: shared by the run and {@code config}, whose datapath ids must agree. */
    static final class Datapaths {
        @Option(names = "--switches", defaultValue = "16", description = "emulated switches (default ${DEFAULT-VALUE})")
        int switches;

        @Option(
                names = "--first-dpid",
                defaultValue = "1",
                description = "datapath id of the first switch (default ${DEFAULT-VALUE})")
        long firstDpid;
    }

    /**
     * Prints the routers of the natflow configuration for N emulated switches (datapath ids
     * first..first+N-1); scripts/lib/natflow_config.py puts them into a whole config.
     */
    @Command(
            name = "config",
            mixinStandardHelpOptions = true,
            description = "Print the routers: section of a natflow configuration, one NAT router per emulated switch.")
    static final class Config implements Callable<Integer> {
        @Mixin
        Datapaths datapaths;

        @Option(
                names = "--public-addresses",
                defaultValue = "64",
                description = "per router, 1..253 (default ${DEFAULT-VALUE})")
        int publicAddresses;

        @Override
        public Integer call() {
            System.out.print(routersYaml(datapaths.switches, datapaths.firstDpid, publicAddresses));
            return 0;
        }
    }

    static String routersYaml(int switches, long firstDpid, int publicAddresses) {
        if (switches < 1
                || switches > RouterAddresses.MAX_SWITCHES
                || publicAddresses < 1
                || publicAddresses > RouterAddresses.MAX_PUBLIC_ADDRESSES) {
            throw new IllegalArgumentException("switches 1.." + RouterAddresses.MAX_SWITCHES + ", public addresses 1.."
                    + RouterAddresses.MAX_PUBLIC_ADDRESSES);
        }
        StringBuilder y = new StringBuilder();
        y.append("# Generated by: java -cp bench/target/benchmarks.jar io.natflow.bench.emulator.EmulatorMain config")
                .append(" --switches ")
                .append(switches)
                .append('\n')
                .append("routers:\n");
        for (int i = 0; i < switches; i++) {
            int index = i;
            String pools = java.util.stream.IntStream.rangeClosed(1, publicAddresses)
                    .mapToObj(a -> RouterAddresses.dotted(RouterAddresses.publicAddress(index, a)))
                    .collect(Collectors.joining(", "));
            y.append("  - datapathId: \"")
                    .append(String.format("%016x", firstDpid + i))
                    .append("\"\n")
                    .append(
                            "    lanPrefix: 10.0.0.0/16\n    routerAddress: 10.0.0.1\n    routerMac: \"02:00:00:00:00:01\"\n")
                    .append("    lanPorts: [lan1, lan2, lan3, lan4]\n    wanPort: wan\n")
                    .append("    publicAddresses: [")
                    .append(pools)
                    .append("]\n")
                    .append("    gateway: ")
                    .append(RouterAddresses.dotted(RouterAddresses.gatewayIp(i)))
                    .append('\n')
                    .append(
                            "    portRange: 1024-65535\n    perHostQuota: 131072\n    perHostSessions: 131072\n    maxMappings: 50000000\n");
        }
        return y.toString();
    }
}
