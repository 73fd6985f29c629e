package io.natflow.controller.codec;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import org.projectfloodlight.openflow.protocol.OFVersion;

/** The OpenFlow version agreed in the HELLO exchange, kept on the channel for the codec. */
public final class NegotiatedVersion {
    private static final AttributeKey<OFVersion> KEY = AttributeKey.valueOf("natflow.of-version");

    private NegotiatedVersion() {}

    public static OFVersion get(Channel channel) {
        return channel.attr(KEY).get();
    }

    public static void set(Channel channel, OFVersion version) {
        channel.attr(KEY).set(version);
    }
}
