package io.natflow.bench.emulator;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/** What one run measured; written on the emulator's single event loop only. */
final class Results {
    enum Phase { CONNECTING, WARMUP, MEASURE, DRAIN, DONE }

    final Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
    final Map<AnswerChecker.Problem, Long> wrongByProblem = new EnumMap<>(AnswerChecker.Problem.class);
    final Map<AnswerChecker.Problem, Long> unmatchedByProblem = new EnumMap<>(AnswerChecker.Problem.class);
    Phase phase = Phase.CONNECTING;
    long measureStart;
    long measureEnd;
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

    boolean measuring() {
        return phase == Phase.MEASURE;
    }

    void startMeasure(long now) {
        latency.reset();
        sent = completed = wrong = missing = unmatched = errors = windowFull = 0;
        wrongByProblem.clear();
        unmatchedByProblem.clear();
        measureStart = now;
        phase = Phase.MEASURE;
    }

    void stopMeasure(long now) {
        measureEnd = now;
        phase = Phase.DRAIN;
    }

    void completed(Connection c, long now) {
        completedAllPhases++;
        if (measuring()) {
            completed++;
            latency.recordValue(Math.max(0, now - c.startNanos));
        }
    }

    void wrong(Connection c, AnswerChecker.Problem p) {
        if (c.measured) {
            wrong++;
            wrongByProblem.merge(p, 1L, Long::sum);
        }
    }

    void missing(Connection c) {
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

    double seconds() {
        return (measureEnd - measureStart) / 1e9;
    }

    double setupsPerSecond() {
        return completed / seconds();
    }
}
