package io.natflow.rest.forwards;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dropwizard.jackson.Jackson;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;

/** The forward store's JSON format ({@link StoredForwards}), shared by the file store and the ZooKeeper store. */
final class ForwardStoreCodec {
    private final ObjectMapper mapper = Jackson.newObjectMapper()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    byte[] encode(StoredForwards forwards) throws IOException {
        return mapper.writeValueAsBytes(forwards);
    }

    /**
     * @param corrupt turns a problem ("is not a valid forward store: …") into the store's error
     * @throws IllegalStateException from {@code corrupt} if the bytes are not a valid store
     */
    StoredForwards decode(byte[] bytes, Function<String, IllegalStateException> corrupt) {
        StoredForwards stored;
        try {
            stored = mapper.readValue(bytes, StoredForwards.class);
        } catch (JsonProcessingException e) {
            throw corrupt.apply("is not a valid forward store: " + e.getOriginalMessage()
                    + (e.getLocation() == null
                            ? ""
                            : " at line " + e.getLocation().getLineNr() + ", column "
                                    + e.getLocation().getColumnNr()));
        } catch (IOException e) {
            throw corrupt.apply("cannot be read (" + e + ")");
        }
        check(stored, corrupt);
        return stored;
    }

    private static void check(StoredForwards s, Function<String, IllegalStateException> corrupt) {
        if (s == null || s.forwards() == null) {
            throw corrupt.apply("has no \"forwards\" list");
        }
        if (s.version() != StoredForwards.VERSION) {
            throw corrupt.apply(
                    "has version " + s.version() + "; this natflow reads version " + StoredForwards.VERSION);
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < s.forwards().size(); i++) {
            StoredForwards.Forward f = s.forwards().get(i);
            String where = "forwards[" + i + "]";
            if (f == null
                    || f.id() == null
                    || f.protocol() == null
                    || f.publicAddress() == null
                    || f.internalAddress() == null
                    || f.datapathId() == null) {
                throw corrupt.apply(where + " lacks id, datapathId, protocol, publicAddress or internalAddress");
            }
            if (!ids.add(f.id())) {
                throw corrupt.apply(where + " repeats id " + f.id());
            }
        }
    }
}
