package io.natflow.cluster;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How this instance joins the cluster.
 *
 * @param connectString    ZooKeeper servers, {@code host:port,host:port,…}
 * @param sessionTimeout   the ZooKeeper session timeout asked for: a master that cannot reach
 *                         ZooKeeper steps down after about 2/3 of it (Curator SUSPENDED), the others
 *                         take over once it expired. The servers must allow it: their
 *                         minSessionTimeout (default 2 × tickTime) must not exceed it
 * @param connectionTimeout how long one connection attempt to the ensemble may take
 * @param instanceId       this instance's name in the cluster, unique, [A-Za-z0-9._-]{1,64}
 * @param restUrl          where the other instances and clients reach this instance's REST API
 * @param root             the znode under which natflow keeps everything, e.g. {@code /natflow}
 * @param spreadDelay      how long an instance waits before competing for a datapath another
 *                         instance is preferred for (see {@link SpreadPolicy}); failover does not wait
 */
public record ClusterConfig(
        String connectString,
        Duration sessionTimeout,
        Duration connectionTimeout,
        String instanceId,
        URI restUrl,
        String root,
        Duration spreadDelay) {
    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofMillis(1500);
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofMillis(1500);
    public static final String DEFAULT_ROOT = "/natflow";
    public static final Duration DEFAULT_SPREAD_DELAY = Duration.ofSeconds(2);
    private static final Pattern INSTANCE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern ROOT = Pattern.compile("(/[A-Za-z0-9._-]{1,64}){1,8}");

    public ClusterConfig {
        Objects.requireNonNull(connectString, "connectString");
        if (connectString.isBlank()) {
            throw new IllegalArgumentException("cluster connectString is empty");
        }
        requirePositive(sessionTimeout, "sessionTimeout");
        requirePositive(connectionTimeout, "connectionTimeout");
        Objects.requireNonNull(spreadDelay, "spreadDelay");
        if (spreadDelay.isNegative()) {
            throw new IllegalArgumentException("cluster spreadDelay is negative: " + spreadDelay);
        }
        if (instanceId == null || !INSTANCE_ID.matcher(instanceId).matches()) {
            throw new IllegalArgumentException("cluster instanceId must match " + INSTANCE_ID + ": " + instanceId);
        }
        Objects.requireNonNull(restUrl, "restUrl");
        if (!restUrl.isAbsolute()
                || restUrl.getHost() == null
                || !("http".equals(restUrl.getScheme()) || "https".equals(restUrl.getScheme()))) {
            throw new IllegalArgumentException("cluster restUrl must be an absolute http(s) URL: " + restUrl);
        }
        if (root == null || !ROOT.matcher(root).matches()) {
            throw new IllegalArgumentException("cluster root must be a znode path like /natflow: " + root);
        }
    }

    /** With the default session timeout (1.5 s), connection timeout, root and spread delay. */
    public static ClusterConfig of(String connectString, String instanceId, URI restUrl) {
        return new ClusterConfig(
                connectString,
                DEFAULT_SESSION_TIMEOUT,
                DEFAULT_CONNECTION_TIMEOUT,
                instanceId,
                restUrl,
                DEFAULT_ROOT,
                DEFAULT_SPREAD_DELAY);
    }

    public ClusterConfig withSpreadDelay(Duration delay) {
        return new ClusterConfig(connectString, sessionTimeout, connectionTimeout, instanceId, restUrl, root, delay);
    }

    public ClusterConfig withRoot(String newRoot) {
        return new ClusterConfig(
                connectString, sessionTimeout, connectionTimeout, instanceId, restUrl, newRoot, spreadDelay);
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException("cluster " + name + " must be positive: " + d);
        }
    }
}
