package io.natflow.controller.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.projectfloodlight.openflow.protocol.OFBadRequestCode;
import org.projectfloodlight.openflow.protocol.OFControllerRole;
import org.projectfloodlight.openflow.protocol.OFFlowMod;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFRoleRequest;
import org.projectfloodlight.openflow.protocol.OFRoleRequestFailedCode;
import org.projectfloodlight.openflow.types.U64;

/**
 * The switch side of OpenFlow 1.3 roles, shared by several {@link FakeSwitch} connections that
 * stand for one switch's connections to several controllers. Follows what OVS 3.1 does
 * (ofproto.c handle_role_request, connmgr.c ofconn_set_role): MASTER and SLAVE requests carry a
 * generation id that must not be older (signed 64-bit difference) than the newest seen, else
 * OFPRRFC_STALE; a new MASTER demotes the old one to SLAVE silently (no ROLE_STATUS before
 * OpenFlow 1.4); a FLOW_MOD from a SLAVE is answered with OFPBRC_IS_SLAVE. Thread-safe.
 */
public final class RoleArbiter {
    private final List<Connection> connections = new ArrayList<>(); // guarded by this
    private boolean generationKnown; // guarded by this
    private long newestGeneration; // guarded by this

    /** A connection's responders; give them to a {@link FakeSwitch.Builder}. */
    public synchronized Connection connection() {
        Connection c = new Connection();
        connections.add(c);
        return c;
    }

    /** One controller connection's role as the switch sees it. */
    public final class Connection {
        private OFControllerRole role = OFControllerRole.ROLE_EQUAL; // guarded by RoleArbiter.this

        public OFControllerRole role() {
            synchronized (RoleArbiter.this) {
                return role;
            }
        }

        /** Adds this connection's ROLE_REQUEST and FLOW_MOD responders to the builder. */
        public FakeSwitch.Builder install(FakeSwitch.Builder builder) {
            return builder.respond(OFRoleRequest.class, roleRequests()).respond(OFFlowMod.class, this::flowMod);
        }

        Function<OFRoleRequest, List<? extends OFMessage>> roleRequests() {
            return this::roleRequest;
        }

        private List<? extends OFMessage> roleRequest(OFRoleRequest request) {
            synchronized (RoleArbiter.this) {
                OFControllerRole wanted = request.getRole();
                long generation = request.getGenerationId().getValue();
                if (wanted == OFControllerRole.ROLE_MASTER || wanted == OFControllerRole.ROLE_SLAVE) {
                    if (generationKnown && generation - newestGeneration < 0) {
                        return List.of(FakeSwitch.OF13
                                .errorMsgs()
                                .buildRoleRequestFailedErrorMsg()
                                .setXid(request.getXid())
                                .setCode(OFRoleRequestFailedCode.STALE)
                                .build());
                    }
                    generationKnown = true;
                    newestGeneration = generation;
                }
                if (wanted == OFControllerRole.ROLE_MASTER) {
                    for (Connection other : connections) {
                        if (other.role == OFControllerRole.ROLE_MASTER) {
                            other.role = OFControllerRole.ROLE_SLAVE;
                        }
                    }
                }
                if (wanted != OFControllerRole.ROLE_NOCHANGE) {
                    role = wanted;
                }
                return List.of(FakeSwitch.OF13
                        .buildRoleReply()
                        .setXid(request.getXid())
                        .setRole(role)
                        .setGenerationId(U64.of(generationKnown ? newestGeneration : 0))
                        .build());
            }
        }

        private List<? extends OFMessage> flowMod(OFFlowMod flowMod) {
            synchronized (RoleArbiter.this) {
                if (role != OFControllerRole.ROLE_SLAVE) {
                    return List.of();
                }
            }
            return List.of(FakeSwitch.OF13
                    .errorMsgs()
                    .buildBadRequestErrorMsg()
                    .setXid(flowMod.getXid())
                    .setCode(OFBadRequestCode.IS_SLAVE)
                    .build());
        }
    }
}
