package io.natflow.nat.core;

import io.natflow.nat.core.ForwardRule.AddressForward;
import io.natflow.nat.core.ForwardRule.PortForward;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The registry of forward rules, indexed both ways per port so that a lookup is one hash probe
 * whatever the size of a range. Knows nothing of ports in pools or mappings: {@link
 * ForwardManager} checks conflicts before it calls {@link #add}.
 */
final class Forwards {
    static final long NONE = -1L;

    private final Set<ForwardRule> rules = new LinkedHashSet<>();
    private final LongMap<PortForward> byPublic = new LongMap<>(64);
    private final LongMap<PortForward> byInternal = new LongMap<>(64);
    private final LongMap<AddressForward> staticByPublic = new LongMap<>(16);
    private final LongMap<AddressForward> staticByInternal = new LongMap<>(16);

    static long key(Protocol protocol, int ip, int port) {
        return ((protocol.ordinal() + 1L) << 48) | Endpoint.pack(ip, port);
    }

    List<ForwardRule> rules() {
        return List.copyOf(rules);
    }

    boolean contains(ForwardRule rule) {
        return rules.contains(rule);
    }

    boolean isStaticAddress(int publicIp) {
        return staticByPublic.containsKey(Ipv4.unsigned(publicIp));
    }

    boolean isStaticTarget(int internalIp) {
        return staticByInternal.containsKey(Ipv4.unsigned(internalIp));
    }

    PortForward portForwardAtPublic(Protocol protocol, int ip, int port) {
        return byPublic.get(key(protocol, ip, port));
    }

    PortForward portForwardAtInternal(Protocol protocol, int ip, int port) {
        return byInternal.get(key(protocol, ip, port));
    }

    /** Internal endpoint (packed) a public endpoint forwards to, or {@link #NONE}. */
    long internalFor(Protocol protocol, int publicIp, int publicPort) {
        PortForward f = byPublic.get(key(protocol, publicIp, publicPort));
        if (f != null) {
            return Endpoint.pack(f.internalIp(), f.internalPort() + publicPort - f.publicPort());
        }
        AddressForward a = staticByPublic.get(Ipv4.unsigned(publicIp));
        return a == null ? NONE : Endpoint.pack(a.internalIp(), publicPort);
    }

    /** Public endpoint (packed) an internal endpoint is forwarded from, or {@link #NONE}. */
    long publicFor(Protocol protocol, int internalIp, int internalPort) {
        PortForward f = byInternal.get(key(protocol, internalIp, internalPort));
        if (f != null) {
            return Endpoint.pack(f.publicIp(), f.publicPort() + internalPort - f.internalPort());
        }
        AddressForward a = staticByInternal.get(Ipv4.unsigned(internalIp));
        return a == null ? NONE : Endpoint.pack(a.publicIp(), internalPort);
    }

    /** Port forwards whose internal side is on {@code internalIp} (admin path, linear). */
    List<PortForward> portForwardsTo(int internalIp) {
        List<PortForward> out = new ArrayList<>();
        for (ForwardRule r : rules) {
            if (r instanceof PortForward p && p.internalIp() == internalIp) {
                out.add(p);
            }
        }
        return out;
    }

    void add(ForwardRule rule) {
        rules.add(rule);
        if (rule instanceof PortForward p) {
            for (int i = 0; i < p.count(); i++) {
                byPublic.put(key(p.protocol(), p.publicIp(), p.publicPort() + i), p);
                byInternal.put(key(p.protocol(), p.internalIp(), p.internalPort() + i), p);
            }
        } else if (rule instanceof AddressForward a) {
            staticByPublic.put(Ipv4.unsigned(a.publicIp()), a);
            staticByInternal.put(Ipv4.unsigned(a.internalIp()), a);
        }
    }

    void remove(ForwardRule rule) {
        rules.remove(rule);
        if (rule instanceof PortForward p) {
            for (int i = 0; i < p.count(); i++) {
                byPublic.remove(key(p.protocol(), p.publicIp(), p.publicPort() + i));
                byInternal.remove(key(p.protocol(), p.internalIp(), p.internalPort() + i));
            }
        } else if (rule instanceof AddressForward a) {
            staticByPublic.remove(Ipv4.unsigned(a.publicIp()));
            staticByInternal.remove(Ipv4.unsigned(a.internalIp()));
        }
    }
}
