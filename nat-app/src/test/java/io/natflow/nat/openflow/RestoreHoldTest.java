package io.natflow.nat.openflow;

import static io.natflow.nat.openflow.RouterFixture.OF;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFMessage;

/** Events that arrive during a restore wait, bounded, and are handed on in order afterwards. */
class RestoreHoldTest {
    private static OFMessage event(long xid) {
        return OF.buildEchoRequest().setXid(xid).build();
    }

    @Test
    void withoutARestoreEventsAreHandledAtOnce() {
        RestoreHold hold = new RestoreHold(4);
        assertEquals(RestoreHold.Offer.NOT_HOLDING, hold.offer(event(1)));
        assertFalse(hold.holding());
    }

    @Test
    void heldEventsAreReleasedInOrderIncludingThoseArrivingDuringTheRelease() {
        RestoreHold hold = new RestoreHold(8);
        long token = hold.begin();
        assertEquals(RestoreHold.Offer.HELD, hold.offer(event(1)));
        assertEquals(RestoreHold.Offer.HELD, hold.offer(event(2)));
        List<Long> handled = new ArrayList<>();
        hold.release(token, e -> {
            handled.add(e.getXid());
            if (e.getXid() == 1) {
                assertEquals(RestoreHold.Offer.HELD, hold.offer(event(3)), "still holding while releasing");
            }
        });
        assertEquals(List.of(1L, 2L, 3L), handled);
        assertFalse(hold.holding());
        assertEquals(RestoreHold.Offer.NOT_HOLDING, hold.offer(event(4)));
    }

    @Test
    void aFullHoldDropsNewEventsAndKeepsTheFirstOnes() {
        RestoreHold hold = new RestoreHold(2);
        long token = hold.begin();
        hold.offer(event(1));
        hold.offer(event(2));
        assertEquals(RestoreHold.Offer.FULL, hold.offer(event(3)));
        List<Long> handled = new ArrayList<>();
        hold.release(token, e -> handled.add(e.getXid()));
        assertEquals(List.of(1L, 2L), handled);
    }

    @Test
    void aStaleReleaseLeavesANewerRestoreHolding() {
        RestoreHold hold = new RestoreHold(4);
        long first = hold.begin();
        long second = hold.begin(); // the switch reconnected while the first restore was running
        hold.offer(event(1));
        List<Long> handled = new ArrayList<>();
        hold.release(first, e -> handled.add(e.getXid()));
        assertTrue(hold.holding());
        assertEquals(List.of(), handled);
        hold.release(second, e -> handled.add(e.getXid()));
        assertEquals(List.of(1L), handled);
        assertFalse(hold.holding());
    }
}
