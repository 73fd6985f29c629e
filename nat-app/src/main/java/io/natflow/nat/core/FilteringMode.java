package io.natflow.nat.core;

/** RFC 4787 section 5 filtering behaviour for inbound packets that hit an existing mapping. */
public enum FilteringMode {
    /** Anyone may send to the public endpoint once the mapping exists. */
    ENDPOINT_INDEPENDENT,
    /** Only remote addresses the internal endpoint has sent to. */
    ADDRESS_DEPENDENT,
    /** Only remote address:port pairs the internal endpoint has sent to (the default). */
    ADDRESS_AND_PORT_DEPENDENT
}
