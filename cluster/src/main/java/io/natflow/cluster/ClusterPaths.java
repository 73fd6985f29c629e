package io.natflow.cluster;

/**
 * Where things live under the root: {@code instances/<id>} (ephemeral, one per live instance),
 * {@code switches/<dpid>/latch} (the election), {@code switches/<dpid>/generation} (counter and
 * current master), {@code forwards} (the shared forwards document). Datapath ids are 16 hex digits.
 */
record ClusterPaths(String root) {

    String instances() {
        return root + "/instances";
    }

    String instance(String id) {
        return instances() + "/" + id;
    }

    String switches() {
        return root + "/switches";
    }

    String latch(long dpid) {
        return switches() + "/" + dpidNode(dpid) + "/latch";
    }

    String generation(long dpid) {
        return switches() + "/" + dpidNode(dpid) + "/generation";
    }

    String forwards() {
        return root + "/forwards";
    }

    static String dpidNode(long dpid) {
        return String.format("%016x", dpid);
    }

    /** The datapath id of a child of {@link #switches()}; @throws IllegalArgumentException for another name */
    static long parseDpidNode(String node) {
        if (node.length() != 16) {
            throw new IllegalArgumentException("not a datapath node: " + node);
        }
        return Long.parseUnsignedLong(node, 16);
    }
}
