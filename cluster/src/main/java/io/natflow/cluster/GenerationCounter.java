package io.natflow.cluster;

import java.time.Clock;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * Hands out generation ids per datapath: 1, 2, 3 … across all instances. Each claim is one
 * ZooKeeper transaction that checks that the claimant's election node still exists (the lowest
 * sequence node stays the lowest while it exists, so the claimant is still leader) and writes
 * the next value with a version check (CAS); a concurrent claim makes it retry. A leader that
 * lost its node between winning and claiming gets {@link NotLeaderException} and no id.
 */
final class GenerationCounter {
    private static final int MAX_ATTEMPTS = 64;

    private final CuratorFramework client;
    private final ClusterPaths paths;
    private final Clock clock;

    GenerationCounter(CuratorFramework client, ClusterPaths paths, Clock clock) {
        this.client = client;
        this.paths = paths;
        this.clock = clock;
    }

    /** Raised when the claimant's election node is gone: someone else may be leader now. */
    static final class NotLeaderException extends Exception {
        NotLeaderException(String message) {
            super(message);
        }
    }

    /** The next generation id of the datapath, recorded as claimed by {@code instanceId}. */
    MastershipRecord claim(long dpid, String electionNode, String instanceId) throws Exception {
        String path = paths.generation(dpid);
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Stat stat = new Stat();
            byte[] current;
            try {
                current = client.getData().storingStatIn(stat).forPath(path);
            } catch (KeeperException.NoNodeException absent) {
                current = null;
            }
            long next =
                    current == null ? 1 : MastershipRecord.decode(dpid, current).generationId() + 1;
            MastershipRecord record = new MastershipRecord(dpid, next, instanceId, clock.instant());
            try {
                client.transaction()
                        .forOperations(
                                client.transactionOp().check().forPath(electionNode),
                                current == null
                                        ? client.transactionOp().create().forPath(path, record.encode())
                                        : client.transactionOp()
                                                .setData()
                                                .withVersion(stat.getVersion())
                                                .forPath(path, record.encode()));
                return record;
            } catch (KeeperException.BadVersionException | KeeperException.NodeExistsException raced) {
                // another claim came first; read again
            } catch (KeeperException.NoNodeException gone) {
                if (client.checkExists().forPath(electionNode) == null) {
                    throw new NotLeaderException("election node " + electionNode + " is gone");
                }
                // the generation node vanished (deleted by hand?): read again
            }
        }
        throw new IllegalStateException("could not claim a generation id for " + ClusterPaths.dpidNode(dpid) + " in "
                + MAX_ATTEMPTS + " attempts");
    }

    /** The last claim, if any. */
    java.util.Optional<MastershipRecord> last(long dpid) throws Exception {
        try {
            return java.util.Optional.of(
                    MastershipRecord.decode(dpid, client.getData().forPath(paths.generation(dpid))));
        } catch (KeeperException.NoNodeException absent) {
            return java.util.Optional.empty();
        }
    }
}
