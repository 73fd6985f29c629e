package io.natflow.controller.session;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import org.projectfloodlight.openflow.types.DatapathId;

/**
 * How log lines name a connection: "switch 00:..:2a (/10.0.0.5:40000)" once the switch told
 * us its datapath id, "switch at /10.0.0.5:40000" before.
 */
final class ConnectionNames {
    private static final AttributeKey<DatapathId> KEY = AttributeKey.valueOf("natflow.datapath-id");

    private ConnectionNames() {}

    static void datapathId(Channel channel, DatapathId datapathId) {
        channel.attr(KEY).set(datapathId);
    }

    static String of(Channel channel) {
        DatapathId dpid = channel.attr(KEY).get();
        return dpid != null
                ? "switch " + dpid + " (" + channel.remoteAddress() + ")"
                : "switch at " + channel.remoteAddress();
    }
}
