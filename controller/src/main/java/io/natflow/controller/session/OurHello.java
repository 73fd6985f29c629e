package io.natflow.controller.session;

import java.util.List;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFHello;
import org.projectfloodlight.openflow.protocol.OFHelloElem;
import org.projectfloodlight.openflow.protocol.OFHelloElemVersionbitmap;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.U32;

/** Our HELLO and the version negotiation rules of OpenFlow 1.3.1 §6.3.1. */
final class OurHello {
    private OurHello() {}

    /** HELLO with a version bitmap that offers exactly OpenFlow 1.3. */
    static OFHello build(OFFactory factory, long xid) {
        OFHelloElem bitmap = factory.buildHelloElemVersionbitmap()
                .setBitmaps(List.of(U32.of(1L << factory.getVersion().getWireVersion())))
                .build();
        return factory.buildHello().setXid(xid).setElements(List.of(bitmap)).build();
    }

    /**
     * With a version bitmap, the peer must list the version; without one, the negotiated version
     * is the lower of the two header versions, so the peer's must be at least the required one.
     */
    static boolean acceptsRequiredVersion(OFHello hello, OFVersion required) {
        int wire = required.getWireVersion();
        for (OFHelloElemVersionbitmap bitmap : bitmaps(hello)) {
            List<U32> words = bitmap.getBitmaps();
            int word = wire / 32;
            return word < words.size() && (words.get(word).getValue() & (1L << (wire % 32))) != 0;
        }
        return hello.getVersion().getWireVersion() >= wire;
    }

    static String describe(OFHello hello) {
        List<OFHelloElemVersionbitmap> bitmaps = bitmaps(hello);
        return bitmaps.isEmpty()
                ? "up to " + hello.getVersion()
                : "version bitmap " + bitmaps.get(0).getBitmaps();
    }

    private static List<OFHelloElemVersionbitmap> bitmaps(OFHello hello) {
        if (hello.getVersion().compareTo(OFVersion.OF_13) < 0) {
            return List.of(); // OpenFlow 1.0-1.2 HELLO has no elements
        }
        return hello.getElements().stream()
                .filter(OFHelloElemVersionbitmap.class::isInstance)
                .map(OFHelloElemVersionbitmap.class::cast)
                .toList();
    }
}
