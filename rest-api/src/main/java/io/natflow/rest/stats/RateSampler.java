package io.natflow.rest.stats;

import io.natflow.nat.service.NatService;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

/**
 * Turns the NAT's event counters into per-second rates: {@link #sample} runs every second and
 * the rate is the difference between the newest and the oldest sample of the window.
 */
public final class RateSampler {
    private final NatService nat;
    private final int window;
    private final Deque<Sample> samples = new ArrayDeque<>();

    private record Sample(long at, long packetIns, long flowMods, long packetOuts) {}

    /** Per-second rates over the last {@code windowSeconds} seconds (0 until two samples exist). */
    public record Rates(
            double packetInsPerSecond, double flowModsPerSecond, double packetOutsPerSecond, double windowSeconds) {}

    /** @param window how many samples to keep: the window is {@code window - 1} sampling periods */
    public RateSampler(NatService nat, int window) {
        if (window < 2) {
            throw new IllegalArgumentException("a rate needs a window of at least two samples");
        }
        this.nat = nat;
        this.window = window;
    }

    public synchronized void sample(long nowMillis) {
        Map<String, Long> counters = nat.counters();
        samples.addLast(new Sample(
                nowMillis,
                counters.getOrDefault("packet_in", 0L),
                counters.getOrDefault("sent.flow_mod", 0L),
                counters.getOrDefault("sent.packet_out", 0L)));
        while (samples.size() > window) {
            samples.removeFirst();
        }
    }

    public synchronized Rates rates() {
        if (samples.size() < 2) {
            return new Rates(0, 0, 0, 0);
        }
        Sample first = samples.getFirst();
        Sample last = samples.getLast();
        double seconds = (last.at() - first.at()) / 1000.0;
        if (seconds <= 0) {
            return new Rates(0, 0, 0, 0);
        }
        return new Rates(
                round((last.packetIns() - first.packetIns()) / seconds),
                round((last.flowMods() - first.flowMods()) / seconds),
                round((last.packetOuts() - first.packetOuts()) / seconds),
                seconds);
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
