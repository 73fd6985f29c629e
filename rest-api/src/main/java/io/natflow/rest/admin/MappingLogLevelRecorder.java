package io.natflow.rest.admin;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggerContextListener;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.time.Clock;
import org.slf4j.LoggerFactory;

/**
 * Writes a line into the mapping log (RFC 6888 REQ-12) whenever the mapping logger's effective
 * level changes, however it was changed (admin task, a change of a parent logger, JMX): turning
 * the log off leaves a trace in the log itself. The line goes straight to the logger's appenders,
 * so it is written even when the new level is OFF.
 */
public final class MappingLogLevelRecorder implements LoggerContextListener {
    /** The logger of {@code io.natflow.nat.openflow.MappingLog}. */
    public static final String MAPPING_LOGGER = "io.natflow.mappings";

    private final LoggerContext context;
    private final Logger mappings;
    private final Clock clock;
    private Level recorded;

    private MappingLogLevelRecorder(LoggerContext context, Clock clock) {
        this.context = context;
        this.mappings = context.getLogger(MAPPING_LOGGER);
        this.clock = clock;
        this.recorded = mappings.getEffectiveLevel();
    }

    /** Listens on the running logback context (after Dropwizard configured it). */
    public static MappingLogLevelRecorder install(Clock clock) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        MappingLogLevelRecorder recorder = new MappingLogLevelRecorder(context, clock);
        context.addListener(recorder);
        return recorder;
    }

    @Override
    public synchronized void onLevelChange(Logger changed, Level level) {
        Level effective = mappings.getEffectiveLevel();
        if (effective.equals(recorded)) {
            return; // a logger that does not govern the mapping log, or no real change
        }
        String line = "event=log-level logger=" + changed.getName() + " level=" + (level == null ? "INHERITED" : level)
                + " mapping_log=" + effective + " previous=" + recorded + " at=" + clock.millis();
        recorded = effective;
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), mappings, Level.INFO, line, null, null);
        event.setLoggerContext(context);
        mappings.callAppenders(event); // past the level check: the line must exist even for OFF
    }

    @Override
    public boolean isResetResistant() {
        return false; // a reconfiguration builds a new logging setup; the application installs a new recorder
    }

    @Override
    public void onStart(LoggerContext loggerContext) {}

    @Override
    public void onReset(LoggerContext loggerContext) {}

    @Override
    public void onStop(LoggerContext loggerContext) {}
}
