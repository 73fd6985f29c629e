package io.natflow.controller.codec;

import static io.natflow.controller.testing.OfWire.bytes;
import static io.natflow.controller.testing.OfWire.decodeAll;
import static io.natflow.controller.testing.OfWire.drainOutboundWrites;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natflow.controller.session.TableMiss;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFConfigFlags;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFVersion;

/** {@link OfMessageEncoder}: one message, or a batch as one buffer, byte for byte what loxi writes. */
class OfMessageEncoderTest {
    private static final OFFactory OF13 = OFFactories.getFactory(OFVersion.OF_13);

    private final EmbeddedChannel channel = new EmbeddedChannel(new OfMessageEncoder());

    @Test
    void singleMessageIsWrittenAsLoxiWritesIt() {
        OFMessage flow = TableMiss.flow(OF13, 17);
        channel.writeOutbound(flow);
        List<byte[]> writes = drainOutboundWrites(channel);
        assertEquals(1, writes.size());
        assertArrayEquals(bytes(flow), writes.get(0));
    }

    @Test
    void listBecomesOneBufferWithTheMessagesConcatenated() {
        List<OFMessage> batch = List.of(
                // flags given explicitly: loxi reads an empty flag set back as FRAG_NORMAL (0)
                OF13.buildSetConfig()
                        .setXid(1)
                        .setFlags(EnumSet.of(OFConfigFlags.FRAG_NORMAL))
                        .setMissSendLen(0xffff)
                        .build(),
                OF13.buildPortDescStatsRequest().setXid(2).build(),
                TableMiss.flow(OF13, 3),
                OF13.buildBarrierRequest().setXid(4).build());
        channel.writeOutbound(batch);

        List<byte[]> writes = drainOutboundWrites(channel);
        assertEquals(1, writes.size(), "a batch is one buffer");
        byte[] expected = bytes(batch.toArray(OFMessage[]::new));
        assertArrayEquals(expected, writes.get(0));
        assertEquals(batch, decodeAll(writes.get(0)));
    }

    @Test
    void emptyListWritesNoBytes() {
        channel.writeOutbound(List.of());
        List<byte[]> writes = drainOutboundWrites(channel);
        assertTrue(writes.stream().allMatch(w -> w.length == 0), "no bytes for an empty batch");
    }

    @Test
    void otherObjectsPassThroughUntouched() {
        channel.writeOutbound("not OpenFlow");
        assertEquals("not OpenFlow", channel.readOutbound());
    }
}
