package io.natflow.cluster;

import java.util.List;

/**
 * Which instance should master a datapath when all are healthy, so switches spread over
 * instances: sort the datapaths in play and the live instances; the datapath at position i is
 * preferred by instance i mod n. Each instance is preferred for ⌊d/n⌋ or ⌈d/n⌉ of d datapaths:
 * its share. The preferred instance competes at once; the others join the election after the
 * spread delay, so they win only if the preferred one is not there. Preference is read when an
 * instance starts competing and never preempts a sitting master (that would be a needless
 * failover); when a master dies the next in the election's queue takes over without delay.
 */
final class SpreadPolicy {
    private SpreadPolicy() {}

    /**
     * @param datapaths the datapaths in play, including {@code dpid}, in any order
     * @param instances the live instance ids, in any order; empty means nobody is preferred
     * @return the preferred instance id, or null if there is none
     */
    static String preferred(long dpid, List<Long> datapaths, List<String> instances) {
        if (instances.isEmpty()) {
            return null;
        }
        List<Long> sortedDatapaths =
                datapaths.stream().distinct().sorted(Long::compareUnsigned).toList();
        int position = sortedDatapaths.indexOf(dpid);
        if (position < 0) {
            throw new IllegalArgumentException(ClusterPaths.dpidNode(dpid) + " is not among the datapaths in play");
        }
        List<String> sortedInstances = instances.stream().distinct().sorted().toList();
        return sortedInstances.get(position % sortedInstances.size());
    }
}
