package io.natflow.nat.openflow;

import io.natflow.nat.rules.PortRange;
import java.util.ArrayList;
import java.util.List;

/**
 * A port range as the fewest value/mask blocks a switch can match (like a prefix split of an
 * address range): 1024-2047 is one block, 80-81 one, 80-82 two. {@code {value, mask}} with mask
 * 0 meaning any port.
 */
final class PortBlocks {
    private PortBlocks() {}

    static List<int[]> of(PortRange r) {
        List<int[]> out = new ArrayList<>();
        if (r.isAny()) {
            out.add(new int[] {0, 0});
            return out;
        }
        int low = r.low();
        int high = r.high();
        while (low <= high) {
            int size = low == 0 ? 0x10000 : Integer.lowestOneBit(low);
            while (low + size - 1 > high) {
                size >>= 1;
            }
            out.add(new int[] {low, 0xffff & ~(size - 1)});
            low += size;
        }
        return out;
    }
}
