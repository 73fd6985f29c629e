package io.natflow.rest.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotEmpty;
import java.nio.file.Path;

/** The {@code forwardStore:} section: the JSON file that holds forwards added over the API. */
public class ForwardStoreFactory {
    /** Relative paths are relative to the controller's working directory. */
    @NotEmpty
    @JsonProperty
    private String file = "var/forwards.json";

    public String getFile() {
        return file;
    }

    public void setFile(String file) {
        this.file = file;
    }

    public Path path() {
        return Path.of(file).toAbsolutePath().normalize();
    }
}
