package io.natflow.rest.forwards;

import java.time.Instant;
import java.util.List;

/**
 * The forward store's file format (JSON): {@code {"version": 1, "nextId": 3, "forwards": [...]}}.
 *
 * @param nextId the id the next API forward gets; ids are never reused
 */
public record StoredForwards(int version, long nextId, List<Forward> forwards) {
    public static final int VERSION = 1;

    public static StoredForwards empty() {
        return new StoredForwards(VERSION, 1, List.of());
    }

    /**
     * One stored forward: {@code protocol publicAddress:publicPort.. -> internalAddress:internalPort..}.
     *
     * @param rule its number as a {@code dnat} rule in {@code /api/rules} (stable; absent in stores
     *             written before rules had a dnat kind: numbered at load)
     */
    public record Forward(
            String id,
            String datapathId,
            String protocol,
            String publicAddress,
            int publicPort,
            String internalAddress,
            int internalPort,
            int count,
            String description,
            Instant createdAt,
            Integer rule) {

        /** A forward not numbered yet (numbered when loaded). */
        public Forward(
                String id,
                String datapathId,
                String protocol,
                String publicAddress,
                int publicPort,
                String internalAddress,
                int internalPort,
                int count,
                String description,
                Instant createdAt) {
            this(
                    id,
                    datapathId,
                    protocol,
                    publicAddress,
                    publicPort,
                    internalAddress,
                    internalPort,
                    count,
                    description,
                    createdAt,
                    null);
        }
    }
}
