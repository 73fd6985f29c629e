package io.natflow.controller.session;

import java.time.Clock;
import java.time.Duration;

/**
 * Lets one log line through per period and counts the ones held back, so a peer that repeats
 * the same offence (reconnecting in a loop) cannot flood the log. Thread-safe.
 */
public final class LogThrottle {
    private final Clock clock;
    private final long periodMillis;
    private long nextAllowedMillis = Long.MIN_VALUE;
    private long suppressed;

    public LogThrottle(Clock clock, Duration period) {
        this.clock = clock;
        this.periodMillis = period.toMillis();
    }

    /** -1 if this event should not be logged; otherwise how many events were held back before it. */
    public synchronized long admit() {
        long now = clock.millis();
        if (now < nextAllowedMillis) {
            suppressed++;
            return -1;
        }
        nextAllowedMillis = now + periodMillis;
        long held = suppressed;
        suppressed = 0;
        return held;
    }
}
