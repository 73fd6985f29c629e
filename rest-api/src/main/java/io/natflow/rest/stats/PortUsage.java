package io.natflow.rest.stats;

/**
 * The dynamic port range of one protocol on one public address.
 *
 * @param used        ports held by dynamic and DMZ mappings
 * @param forwarded   ports reserved by port forwards (their sessions use these)
 * @param quarantined ports released but not yet reusable (the core's quarantine)
 * @param free        ports allocation can hand out now, as the core counts them
 */
public record PortUsage(
        String publicAddress, String protocol, int rangeSize, int used, int forwarded, int quarantined, int free) {

    /** Share of the range that cannot be handed out now, 0..1. */
    public double utilisation() {
        return rangeSize == 0 ? 0 : (double) (rangeSize - free) / rangeSize;
    }
}
