package io.natflow.rest.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDataSize;
import io.dropwizard.validation.MinDataSize;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.Min;
import java.util.concurrent.TimeUnit;

/**
 * The {@code requestBodies:} section, for the REST and the admin port: a body must arrive whole
 * within {@code timeout} (else 408), be at most {@code maxSize} (else 413), and at most
 * {@code maxPending} bodies are awaited at once (else 503). No thread waits for a body.
 */
public class RequestBodiesFactory {
    @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
    private Duration timeout = Duration.seconds(10);

    @MinDataSize(1)
    @MaxDataSize(value = 16, unit = io.dropwizard.util.DataSizeUnit.MEBIBYTES)
    private DataSize maxSize = DataSize.kibibytes(64);

    @Min(1)
    private int maxPending = 256;

    @JsonProperty
    public Duration getTimeout() {
        return timeout;
    }

    @JsonProperty
    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }

    @JsonProperty
    public DataSize getMaxSize() {
        return maxSize;
    }

    @JsonProperty
    public void setMaxSize(DataSize maxSize) {
        this.maxSize = maxSize;
    }

    @JsonProperty
    public int getMaxPending() {
        return maxPending;
    }

    @JsonProperty
    public void setMaxPending(int maxPending) {
        this.maxPending = maxPending;
    }
}
