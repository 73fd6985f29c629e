"""The first-packet analysis of the Mininet bench (bench_firstpacket.py) on captures written
here, with known times: each stage comes out as written, and an OpenFlow stream that lost a
segment is picked up again at the next message. No network; runs with the e2e suite.

    /usr/bin/python3 -m pytest -v mininet/test_bench_firstpacket.py
"""

import struct

import bench_firstpacket as fp

CLIENT, PUBLIC, SERVER = bytes([10, 0, 0, 11]), bytes([203, 0, 113, 1]), bytes([203, 0, 113, 254])
LOOPBACK = bytes([127, 0, 0, 1])
CONTROLLER_PORT, SWITCH_PORT = 16653, 40000


def frame(src, sport, dst, dport, seq, ack, flags, payload=b''):
    tcp = struct.pack('!HHIIBBHHH', sport, dport, seq, ack, 5 << 4, flags, 65535, 0, 0) + payload
    ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(tcp), 0, 0, 64, 6, 0, src, dst)
    return b'\x02' * 6 + b'\x04' * 6 + b'\x08\x00' + ip + tcp


def write_pcap(path, records):
    with open(path, 'wb') as f:
        f.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
        for ts, data in records:
            f.write(struct.pack('<IIII', int(ts), round((ts - int(ts)) * 1e6), len(data), len(data)) + data)


def of_message(kind, body, xid=1):
    return struct.pack('!BBHI', 4, kind, 8 + len(body), xid) + body


def packet_in(syn):
    match = struct.pack('!HH4x', 1, 4)   # OXM match, no fields, padded to 8
    return of_message(fp.OFPT_PACKET_IN, struct.pack('!IHBBQ', 0xffffffff, len(syn), 0, 1, 7) + match + b'\0\0' + syn)


def packet_out(syn):
    action = struct.pack('!HHIH6x', 0, 16, 2, 0xffff)   # output:2
    return of_message(fp.OFPT_PACKET_OUT, struct.pack('!IIH6x', 0xffffffff, 1, len(action)) + action + syn)


def flow_mod():
    return of_message(fp.OFPT_FLOW_MOD, b'\0' * 48)


class Channel:
    """Both directions of the switch's OpenFlow connection as captured segments."""

    def __init__(self):
        self.records = []
        self.seq = {'up': 1000, 'down': 5000}

    def send(self, ts, direction, data, lost=False):
        up = direction == 'up'
        seg = frame(LOOPBACK, SWITCH_PORT if up else CONTROLLER_PORT, LOOPBACK,
                    CONTROLLER_PORT if up else SWITCH_PORT, self.seq[direction], 0, 0x18, data)
        self.seq[direction] = (self.seq[direction] + len(data)) & 0xffffffff
        if not lost:
            self.records.append((ts, seg))


def captures(tmp_path, connections, lose_answer_of=None):
    """Captures of one-thread connections: (isn, t0..t5) each, as in bench_firstpacket's doc."""
    client, server, channel = [], [], Channel()
    for i, (isn, t) in enumerate(connections):
        syn_in = frame(CLIENT, 1024 + i, SERVER, 20000, isn, 0, fp.SYN)
        syn_out = frame(PUBLIC, 2000 + i, SERVER, 20000, isn, 0, fp.SYN)
        synack_in = frame(SERVER, 20000, PUBLIC, 2000 + i, 777, isn + 1, fp.SYN | fp.ACK)
        synack_out = frame(SERVER, 20000, CLIENT, 1024 + i, 777, isn + 1, fp.SYN | fp.ACK)
        client += [(t[0], syn_in), (t[5], synack_out)]
        server += [(t[3], syn_out), (t[4], synack_in)]
        channel.send(t[1], 'up', packet_in(syn_in))
        channel.send(t[2], 'down', flow_mod() + flow_mod() + packet_out(syn_out), lost=i == lose_answer_of)
    paths = [str(tmp_path / name) for name in ('client.pcap', 'server.pcap', 'openflow.pcap')]
    for path, records in zip(paths, (client, server, channel.records)):
        write_pcap(path, sorted(records, key=lambda r: r[0]))
    return paths


def times(base, *gaps_us):
    out, t = [base], base
    for gap in gaps_us:
        t += gap / 1e6
        out.append(t)
    return out


def test_each_stage_is_the_time_between_its_capture_points(tmp_path):
    connection = (123456789, times(100.0, 80, 120, 75, 9, 100))
    stages = fp.stages(*captures(tmp_path, [connection]), controller_port=CONTROLLER_PORT)
    assert stages['connections_followed'] == 1
    for name, expected in (('switch_miss_to_packet_in', 80), ('controller', 120), ('switch_packet_out_to_wire', 75),
                           ('switch_syn_total', 275), ('server', 9), ('switch_syn_ack', 100), ('syn_to_syn_ack', 384)):
        assert abs(stages[name]['p50_us'] - expected) <= 2, (name, stages[name])
    assert stages['flow_mods_between_packet_in_and_out_p50'] == 2
    assert stages['answer_in_one_segment_share'] == 1.0


def test_a_lost_segment_costs_only_its_own_connection(tmp_path):
    connections = [(1000 + 7919 * i, times(100.0 + i, 50, 100, 50, 10, 50)) for i in range(3)]
    stages = fp.stages(*captures(tmp_path, connections, lose_answer_of=1), controller_port=CONTROLLER_PORT)
    assert stages['openflow_capture_gaps'] == 1
    assert stages['connections_followed'] == 2, stages   # the one before the loss and the one after
    assert abs(stages['controller']['p50_us'] - 100) <= 2
