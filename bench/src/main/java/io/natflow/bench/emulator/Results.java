package io.natflow.bench.emulator;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * What one run measured; written on the emulator's single event loop only, except the metrics
 * reads (the emulator's main thread) and the scrape figures (the scraper thread, synchronized).
 */
final class Results {
    enum Phase {
        CONNECTING,
        FILL,
        WARMUP,
        MEASURE,
        DRAIN,
        DONE
    }

    final Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
    final Map<AnswerChecker.Problem, Long> wrongByProblem = new EnumMap<>(AnswerChecker.Problem.class);
    final Map<AnswerChecker.Problem, Long> unmatchedByProblem = new EnumMap<>(AnswerChecker.Problem.class);
    Phase phase = Phase.CONNECTING;
    long measureStart;
    long measureEnd;
    /** Wall clock of the measured phase, to line it up with the controller's GC log. */
    long measureStartMillis;

    long measureEndMillis;
    /** Packet-ins sent in the measured phase. */
    long sent;
    /** Setups completed in the measured phase (whenever their packet-in was sent). */
    long completed;
    /** Connections sent in the measured phase that were answered wrong / not answered in time. */
    long wrong;

    long missing;
    long unmatched;
    long errors;
    /** Fixed rate: times a due packet-in found every switch's window full. */
    long windowFull;

    long completedAllPhases;
    /** Longest setup completed since the progress line last reset it (any phase). */
    long intervalMaxNanos;
    /** Fill phase: how many first packets to send, and what became of them. */
    long fillTarget;

    long fillSent;
    long fillCompleted;
    long fillWrong;
    long fillMissing;
    double fillSeconds;
    /** Gateway ARP requests the switches answered (all phases). */
    long arpAnswered;
    /** The controller's counters read around the measured phase, and the setups completed at each read. */
    Map<String, Double> metricsBefore;

    Map<String, Double> metricsAfter;
    long completedAtMetricsBefore;
    long completedAtMetricsAfter;
    /** Periodic metrics reads during warm-up and measurement: how long each took. */
    final Histogram scrapeLatency = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);

    long scrapesFailed;
    /** The REST client listing mappings beside the setups (its own thread; read after it stopped); null if off. */
    MappingLister lister;
    /** The switches' flow tables at the end. */
    long flowsKept;

    long flowsNotKept;
    long flowModsUnsupported;
    long flowStatsRequests;
    long flowStatsEntries;

    boolean measuring() {
        return phase == Phase.MEASURE;
    }

    void startMeasure(long now) {
        latency.reset();
        sent = completed = wrong = missing = unmatched = errors = windowFull = 0;
        wrongByProblem.clear();
        unmatchedByProblem.clear();
        measureStart = now;
        measureStartMillis = System.currentTimeMillis();
        phase = Phase.MEASURE;
    }

    void stopMeasure(long now) {
        measureEnd = now;
        measureEndMillis = System.currentTimeMillis();
        phase = Phase.DRAIN;
    }

    void completed(Connection c, long now) {
        completedAllPhases++;
        intervalMaxNanos = Math.max(intervalMaxNanos, now - c.startNanos);
        if (c.fill) {
            fillCompleted++;
        }
        if (measuring()) {
            completed++;
            latency.recordValue(Math.max(0, now - c.startNanos));
        }
    }

    void wrong(Connection c, AnswerChecker.Problem p) {
        if (c.fill) {
            fillWrong++;
        }
        if (c.measured) {
            wrong++;
            wrongByProblem.merge(p, 1L, Long::sum);
        }
    }

    void missing(Connection c) {
        if (c.fill) {
            fillMissing++;
        }
        if (c.measured) {
            missing++;
            wrongByProblem.merge(AnswerChecker.Problem.TIMEOUT, 1L, Long::sum);
        }
    }

    void unmatched(AnswerChecker.Problem p) {
        if (phase == Phase.MEASURE || phase == Phase.DRAIN) {
            unmatched++;
            unmatchedByProblem.merge(p, 1L, Long::sum);
        }
    }

    /** Fill phase: the switches keep their windows full until this many were sent. */
    boolean fillSending() {
        return phase == Phase.FILL && fillSent < fillTarget;
    }

    boolean fillSettled() {
        return fillCompleted + fillWrong + fillMissing >= fillTarget;
    }

    synchronized void scraped(boolean ok, long nanos) {
        if (ok) {
            scrapeLatency.recordValue(Math.min(nanos, scrapeLatency.getHighestTrackableValue()));
        } else {
            scrapesFailed++;
        }
    }

    void addFlowTable(FlowTable t) {
        flowsKept += t.size();
        flowsNotKept += t.notKept();
        flowModsUnsupported += t.unsupported();
        flowStatsRequests += t.requestsAnswered();
        flowStatsEntries += t.entriesSent();
    }

    double seconds() {
        return (measureEnd - measureStart) / 1e9;
    }

    double setupsPerSecond() {
        return completed / seconds();
    }
}
