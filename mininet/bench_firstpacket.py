"""Where a new connection's first round trip goes (mininet/bench_nat.py, one client thread):
timestamped captures, all in the root namespace and so on one clock, of the SYN and SYN-ACK on
the switch's client port and server port, and (natflow) of the OpenFlow channel on lo. Each
connection is followed by the client's initial sequence number, which no NAT here rewrites:

    t0 SYN enters the switch (client port)       t3 SYN leaves the switch (server port)
    t1 PACKET_IN with it on the OpenFlow socket   t4 SYN-ACK enters the switch (server port)
    t2 PACKET_OUT with it from the controller     t5 SYN-ACK leaves the switch (client port)

so t1-t0 is the switch's miss up to the packet-in, t2-t1 the controller (including the loopback
socket both ways), t3-t2 the switch applying the flow-mods and the packet-out, t4-t3 the server,
t5-t4 the SYN-ACK's way back through the switch. Lanes without a controller have t3-t0 only.
Reads pcap files itself (standard library only)."""

import re
import statistics
import struct
import subprocess
import time

OFPT_PACKET_IN, OFPT_PACKET_OUT, OFPT_FLOW_MOD = 10, 13, 14
SYN, ACK = 0x02, 0x10


def start_capture(iface, pcap, bpf, snaplen=256):
    """tcpdump in the root namespace, written unbuffered, with a 64 MB capture buffer (the
    OpenFlow channel carries bursts of FLOW_REMOVED); returns the process once listening."""
    proc = subprocess.Popen(['tcpdump', '-i', iface, '-U', '-n', '-B', '65536', '-s', str(snaplen), '-w', pcap, bpf],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    line = proc.stderr.readline()   # "tcpdump: listening on ..." once the socket is open
    if 'listening' not in line:
        proc.kill()
        raise RuntimeError('tcpdump -i %s: %s' % (iface, line.strip()))
    return proc


def stop_capture(proc):
    """Stops tcpdump; returns how many packets it says the kernel dropped (None if unknown)."""
    time.sleep(0.3)   # the last packets into the file
    proc.terminate()
    try:
        _out, err = proc.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        _out, err = proc.communicate()
    m = re.search(r'(\d+) packets? dropped by kernel', err or '')
    return int(m.group(1)) if m else None


def read_pcap(path):
    """(timestamp s, frame bytes) of each record of a pcap file (micro- or nanosecond)."""
    with open(path, 'rb') as f:
        data = f.read()
    if len(data) < 24:
        return
    magic = data[:4]
    if magic in (b'\xd4\xc3\xb2\xa1', b'\x4d\x3c\xb2\xa1'):
        endian = '<'
    elif magic in (b'\xa1\xb2\xc3\xd4', b'\xa1\xb2\x3c\x4d'):
        endian = '>'
    else:
        raise ValueError('%s: not a pcap file' % path)
    scale = 1e-9 if magic in (b'\x4d\x3c\xb2\xa1', b'\xa1\xb2\x3c\x4d') else 1e-6
    at = 24
    while at + 16 <= len(data):
        sec, frac, incl, _orig = struct.unpack(endian + 'IIII', data[at:at + 16])
        yield sec + frac * scale, data[at + 16:at + 16 + incl]
        at += 16 + incl


def tcp_of_frame(frame):
    """(src ip, src port, dst ip, dst port, seq, ack, flags, payload) of an Ethernet/IPv4/TCP frame."""
    if len(frame) < 34 or frame[12:14] != b'\x08\x00':
        return None
    ip = frame[14:]
    ihl = (ip[0] & 0x0f) * 4
    if ip[9] != 6 or len(ip) < ihl + 20:
        return None
    total = struct.unpack('!H', ip[2:4])[0]
    tcp = ip[ihl:total] if total <= len(ip) else ip[ihl:]
    sport, dport, seq, ack, off_flags = struct.unpack('!HHIIH', tcp[:14])
    offset = (off_flags >> 12) * 4
    return ip[12:16], sport, ip[16:20], dport, seq, ack, off_flags & 0x3f, tcp[offset:]


def syn_times(pcap, client_side):
    """{client ISN: first time seen} for SYNs and for SYN-ACKs (keyed by their ack - 1), and how
    many SYNs were retransmitted, from a capture on one switch port."""
    syns, synacks, retransmitted = {}, {}, 0
    for ts, frame in read_pcap(pcap):
        t = tcp_of_frame(frame)
        if t is None:
            continue
        flags = t[6]
        if flags & SYN and not flags & ACK:
            if t[4] in syns:
                retransmitted += 1
            else:
                syns[t[4]] = ts
        elif flags & SYN and flags & ACK:
            synacks.setdefault((t[5] - 1) & 0xffffffff, ts)
    return syns, synacks, retransmitted


def _looks_like_header(data):
    """An OpenFlow 1.3 header at the start of data: version 4, a known type, a sane length."""
    return len(data) >= 8 and data[0] == 4 and data[1] <= 30 and struct.unpack('!H', data[2:4])[0] >= 8


def openflow_messages(pcap, controller_port, gaps=None):
    """(time, direction, type, body, segment) of each OpenFlow message on the controller's socket,
    time and segment (its index in the capture) being those of the segment that completed it;
    direction 'up' (switch to controller) or 'down'.
    After a segment the capture lost, a stream picks up again at the next segment that starts
    with an OpenFlow header (`gaps`, a list, gets one entry per loss)."""
    streams = {}
    out = []
    for segment, (ts, frame) in enumerate(read_pcap(pcap)):
        t = tcp_of_frame(frame)
        if t is None or not t[7]:
            continue
        key = t[:4]
        direction = 'up' if t[3] == controller_port else 'down'
        seq, payload = t[4], t[7]
        stream = streams.setdefault(key, {'next': seq, 'buf': b'', 'lost': False})
        if seq != stream['next']:
            behind = (stream['next'] - seq) & 0xffffffff
            if behind < len(payload):
                payload = payload[behind:]     # partly seen before
            elif behind < 1 << 30:
                continue                       # a retransmission of what was seen
            else:                              # the capture lost a segment
                stream['buf'], stream['lost'] = b'', True
                if gaps is not None:
                    gaps.append(ts)
        stream['next'] = (seq + len(t[7])) & 0xffffffff
        if stream['lost']:
            if not _looks_like_header(payload):
                continue
            stream['lost'] = False
        buf = stream['buf'] + payload
        while len(buf) >= 8:
            length = struct.unpack('!H', buf[2:4])[0]
            if length < 8:
                buf, stream['lost'] = b'', True   # out of step: wait for a segment that starts a message
                break
            if len(buf) < length:
                break
            out.append((ts, direction, buf[1], buf[8:length], segment))
            buf = buf[length:]
        stream['buf'] = buf
    return out


def _match_end(body, match_at):
    """Where an OpenFlow 1.3 ofp_match starting at match_at ends, padded to 8."""
    length = struct.unpack('!H', body[match_at + 2:match_at + 4])[0]
    return match_at + (length + 7) // 8 * 8


def packet_of_message(kind, body):
    """The Ethernet frame a PACKET_IN (OpenFlow 1.3) or PACKET_OUT carries, or None."""
    try:
        if kind == OFPT_PACKET_IN:   # buffer_id, total_len, reason, table_id, cookie, match, pad 2
            return body[_match_end(body, 16) + 2:]
        if kind == OFPT_PACKET_OUT:  # buffer_id, in_port, actions_len, pad 6, actions
            actions_len = struct.unpack('!H', body[8:10])[0]
            return body[16 + actions_len:]
    except struct.error:
        return None
    return None


def controller_times(pcap, controller_port):
    """{SYN's ISN: (packet-in time, packet-out time, flow-mods sent in between, TCP segments
    that carried those flow-mods and the packet-out)}: the first packet-in carrying a SYN and
    the first packet-out after it carrying the same SYN; and how many capture gaps there were."""
    pins, result = {}, {}
    flow_mod_segments = []
    gaps = []
    for ts, direction, kind, body, segment in openflow_messages(pcap, controller_port, gaps):
        if kind == OFPT_FLOW_MOD and direction == 'down':
            flow_mod_segments.append(segment)
            continue
        if kind not in (OFPT_PACKET_IN, OFPT_PACKET_OUT):
            continue
        t = tcp_of_frame(packet_of_message(kind, body) or b'')
        if t is None or not t[6] & SYN or t[6] & ACK:
            continue
        isn = t[4]
        if kind == OFPT_PACKET_IN and direction == 'up':
            pins.setdefault(isn, (ts, len(flow_mod_segments)))
        elif kind == OFPT_PACKET_OUT and direction == 'down' and isn in pins and isn not in result:
            mods = flow_mod_segments[pins[isn][1]:]
            result[isn] = (pins[isn][0], ts, len(mods), len(set(mods) | {segment}))
    return result, len(gaps)


def percentiles(values):
    if not values:
        return None
    v = sorted(values)
    pick = lambda q: v[min(len(v) - 1, int(q * len(v)))]
    return {'n': len(v), 'p50_us': round(pick(0.5) * 1e6, 1), 'p90_us': round(pick(0.9) * 1e6, 1),
            'p99_us': round(pick(0.99) * 1e6, 1), 'mean_us': round(statistics.fmean(v) * 1e6, 1)}


def stages(client_pcap, server_pcap, openflow_pcap=None, controller_port=None):
    """Per-stage percentiles over the connections seen at every capture point."""
    syn_in, synack_out, retrans_client = syn_times(client_pcap, True)
    syn_out, synack_in, _ = syn_times(server_pcap, False)
    ctl, capture_gaps = controller_times(openflow_pcap, controller_port) if openflow_pcap else ({}, 0)
    parts = {k: [] for k in ('switch_miss_to_packet_in', 'controller', 'switch_packet_out_to_wire',
                             'switch_syn_total', 'server', 'switch_syn_ack', 'syn_to_syn_ack')}
    flow_mods, segments = [], []
    complete = 0
    for isn, t0 in syn_in.items():
        if isn not in syn_out or isn not in synack_in or isn not in synack_out:
            continue
        if openflow_pcap and isn not in ctl:
            continue
        complete += 1
        t3, t4, t5 = syn_out[isn], synack_in[isn], synack_out[isn]
        if openflow_pcap:
            t1, t2, mods, carried_in = ctl[isn]
            segments.append(carried_in)
            parts['switch_miss_to_packet_in'].append(t1 - t0)
            parts['controller'].append(t2 - t1)
            parts['switch_packet_out_to_wire'].append(t3 - t2)
            flow_mods.append(mods)
        parts['switch_syn_total'].append(t3 - t0)
        parts['server'].append(t4 - t3)
        parts['switch_syn_ack'].append(t5 - t4)
        parts['syn_to_syn_ack'].append(t5 - t0)
    out = {k: percentiles(v) for k, v in parts.items() if v}
    out['connections_followed'] = complete
    out['syns_seen'] = len(syn_in)
    out['syn_retransmissions'] = retrans_client
    out['openflow_capture_gaps'] = capture_gaps
    if flow_mods:
        out['flow_mods_between_packet_in_and_out_p50'] = statistics.median(flow_mods)
        out['answer_in_one_segment_share'] = round(sum(1 for n in segments if n == 1) / len(segments), 3)
    return out
