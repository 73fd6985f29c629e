package io.natflow.rest.stats;

/**
 * The dynamic port range of one protocol on one public address.
 *
 * @param used      ports held by dynamic and DMZ mappings
 * @param forwarded ports reserved by port forwards (their sessions use these)
 * @param free      {@code rangeSize - used - forwarded}; ports still in quarantine count as free
 *                  here (the core reports quarantine per router: {@code quarantinedPorts})
 */
public record PortUsage(String publicAddress, String protocol, int rangeSize, int used, int forwarded, int free) {

    /** Share of the range in use, 0..1. */
    public double utilisation() {
        return rangeSize == 0 ? 0 : (double) (used + forwarded) / rangeSize;
    }
}
