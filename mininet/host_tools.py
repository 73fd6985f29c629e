"""Traffic tools the end-to-end tests run inside Mininet hosts, as
/usr/bin/python3 -u host_tools.py TOOL [args] (e2e.hosts.tool_args builds that argv).

Servers print "ready" once listening and log one JSON line per datagram/connection; clients
print one JSON line with their result. Every tool is bounded in time. Standard library only
(scapy for `send`), so a host imports nothing of the test harness."""

import argparse
import json
import select
import socket
import struct
import sys
import threading
import time


def _tool_udp_echo(args):
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
    sock.bind((args.bind, args.port))
    print('ready', flush=True)
    _serve_datagrams(sock, args.lifetime, echo=True)


def _serve_datagrams(sock, lifetime, echo, check_payload=False):
    """Until `lifetime` s have passed: log every datagram as JSON, and send it back with `echo`."""
    sock.settimeout(1.0)
    deadline = time.monotonic() + lifetime
    while time.monotonic() < deadline:
        try:
            data, peer = sock.recvfrom(65535)
        except socket.timeout:
            continue
        line = {'peer': '%s:%d' % peer, 'size': len(data)}
        if check_payload:
            line['intact'] = data == _payload(len(data), 0)
        print(json.dumps(line), flush=True)
        if echo:
            sock.sendto(data, peer)


def _payload(size, index):
    head = ('natflow-%d-' % index).encode()
    return (head * (size // len(head) + 1))[:size]


def _tool_udp_client(args):
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    if args.sport or args.src != '0.0.0.0':
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((args.src, args.sport))
    sock.settimeout(args.timeout)
    sock.connect((args.dst, args.port))
    result = {'local': '%s:%d' % sock.getsockname(), 'sent': 0, 'received': 0,
              'sizes': [], 'intact': 0, 'refused': False, 'timeouts': 0}
    for index in range(args.count):
        data = _payload(args.size, index)
        try:
            sock.send(data)
            result['sent'] += 1
            reply = sock.recv(65535)
        except ConnectionRefusedError:
            result['refused'] = True
            break
        except socket.timeout:
            result['timeouts'] += 1
            continue
        result['received'] += 1
        result['sizes'].append(len(reply))
        result['intact'] += reply == data
    print(json.dumps(result), flush=True)


def _tool_tcp_echo(args):
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind((args.bind, args.port))
    server.listen(16)
    server.settimeout(1.0)
    print('ready', flush=True)

    def serve(conn, peer):
        print(json.dumps({'peer': '%s:%d' % peer}), flush=True)
        with conn:
            conn.settimeout(args.lifetime)
            try:
                while True:
                    data = conn.recv(65536)
                    if not data:
                        break
                    conn.sendall(data)
            except OSError:
                pass
        print(json.dumps({'closed': '%s:%d' % peer}), flush=True)

    deadline = time.monotonic() + args.lifetime
    while time.monotonic() < deadline:
        try:
            conn, peer = server.accept()
        except socket.timeout:
            continue
        threading.Thread(target=serve, args=(conn, peer), daemon=True).start()


def _tool_tcp_hold(args):
    """Connect (from a fixed source port), echo one line, print the result, then hold the
    connection open until a line arrives on stdin (or --hold seconds), then close it."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if args.sport:
        sock.bind(('0.0.0.0', args.sport))
    sock.settimeout(args.timeout)
    sock.connect((args.dst, args.port))
    sock.sendall(b'hello natflow\n')
    echoed = sock.recv(100)
    print(json.dumps({'local': '%s:%d' % sock.getsockname(), 'echoed': echoed.decode()}),
          flush=True)
    select.select([sys.stdin], [], [], args.hold)
    if args.again:
        sock.sendall(b'again natflow\n')
        print(json.dumps({'again': sock.recv(100).decode()}), flush=True)
    if args.reset:
        # SO_LINGER 0: close sends RST and leaves no TIME_WAIT, so the 4-tuple can be reused at once
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))
        sock.close()
        print(json.dumps({'closed': True, 'reset': True}), flush=True)
        return
    sock.shutdown(socket.SHUT_WR)
    rest = sock.recv(100)  # the server's FIN
    sock.close()
    print(json.dumps({'closed': True, 'rest': rest.decode()}), flush=True)


def _tool_tcp_name(args):
    """A TCP server that answers every chunk it reads with "NAME: chunk" (a virtual server's
    real server says who it is); logs each peer like tcp-echo."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind((args.bind, args.port))
    server.listen(64)
    server.settimeout(1.0)
    print('ready', flush=True)
    prefix = args.name.encode() + b': '

    def serve(conn, peer):
        print(json.dumps({'peer': '%s:%d' % peer}), flush=True)
        with conn:
            conn.settimeout(args.lifetime)
            try:
                while True:
                    data = conn.recv(65536)
                    if not data:
                        break
                    conn.sendall(prefix + data)
            except OSError:
                pass
        print(json.dumps({'closed': '%s:%d' % peer}), flush=True)

    deadline = time.monotonic() + args.lifetime
    while time.monotonic() < deadline:
        try:
            conn, peer = server.accept()
        except socket.timeout:
            continue
        threading.Thread(target=serve, args=(conn, peer), daemon=True).start()


def _tool_tcp_names(args):
    """--count sequential TCP connections from --src to dst:port (tcp-name servers behind a
    virtual server): connect, send one line, read "NAME: line", close. Prints the name of
    every connection in order and the failures."""
    names, failures = [], []
    started = time.monotonic()
    for index in range(args.count):
        try:
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.bind((args.src, 0))
            sock.settimeout(args.timeout)
            sock.connect((args.dst, args.port))
            with sock:
                line = b'natflow %d\n' % index
                sock.sendall(line)
                got = b''
                while not got.endswith(b'\n'):
                    chunk = sock.recv(100)
                    if not chunk:
                        break
                    got += chunk
                name, _, echoed = got.decode(errors='replace').partition(': ')
                if echoed.encode() != line:
                    failures.append('%d: bad answer %r' % (index, got))
                    continue
                names.append(name)
        except OSError as error:
            failures.append('%d: %s' % (index, error))
    print(json.dumps({'names': names, 'failures': failures[:20],
                      'seconds': round(time.monotonic() - started, 3)}), flush=True)


def _burst_source(args, attempt):
    """With --first-port, attempt n (from 1) binds port first-port + n - 1: every attempt is a
    new 4-tuple, whatever ports the kernel handed out before."""
    return ('0.0.0.0', args.first_port + attempt - 1) if args.first_port else None


def _tool_tcp_burst(args):
    """--count sequential TCP connections: connect, echo one line, close; one JSON result."""
    result = {'attempted': 0, 'echoed': 0, 'failed': 0}
    deadline = time.monotonic() + args.deadline
    while result['attempted'] < args.count and time.monotonic() < deadline:
        result['attempted'] += 1
        try:
            with socket.create_connection((args.dst, args.port), timeout=args.timeout,
                                          source_address=_burst_source(args, result['attempted'])) as sock:
                sock.sendall(b'natflow burst\n')
                result['echoed'] += sock.recv(100) == b'natflow burst\n'
                sock.shutdown(socket.SHUT_WR)
                sock.recv(100)  # the server's FIN
        except OSError:
            result['failed'] += 1
    print(json.dumps(result), flush=True)


def _tool_udp_burst(args):
    """--count UDP exchanges, each from a new socket (a new mapping): two datagrams, each
    waiting for its echo; one JSON result."""
    result = {'attempted': 0, 'complete': 0, 'timeouts': 0}
    deadline = time.monotonic() + args.deadline
    while result['attempted'] < args.count and time.monotonic() < deadline:
        result['attempted'] += 1
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            sock.settimeout(args.timeout)
            sock.bind(_burst_source(args, result['attempted']) or ('0.0.0.0', 0))
            sock.connect((args.dst, args.port))
            answered = 0
            for index in range(2):
                if index and args.gap:
                    time.sleep(args.gap)
                try:
                    sock.send(_payload(32, index))
                    answered += len(sock.recv(2048)) == 32
                except OSError:
                    result['timeouts'] += 1
            result['complete'] += answered == 2
    print(json.dumps(result), flush=True)


def _tool_send(args):
    """Send crafted TCP or UDP packets (scapy) from a chosen source port, e.g. a stray packet
    to an old public port after its mapping expired (the port may be in use by a server)."""
    from scapy.all import IP, TCP, UDP, conf, send  # noqa: E402 - slow import, only needed here
    conf.verb = 0
    if args.proto == 'tcp':
        l4 = TCP(sport=args.sport, dport=args.port, flags=args.flags, seq=12345, ack=67890)
    else:
        l4 = UDP(sport=args.sport, dport=args.port)
    send(IP(dst=args.dst) / l4 / b'natflow-stray', count=args.count)
    print(json.dumps({'sent': args.count}), flush=True)


def _tool_udp_peer(args):
    """Open a mapping from --sport (one datagram to --dst:--port, answered), print "ready",
    then log every datagram received as JSON (and send it back with --echo)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
    sock.bind(('0.0.0.0', args.sport))
    sock.settimeout(args.timeout)
    sock.sendto(b'natflow-open', (args.dst, args.port))
    sock.recvfrom(65535)  # the mapping works both ways
    print('ready', flush=True)
    _serve_datagrams(sock, args.lifetime, args.echo, check_payload=True)


def _tool_send_arp(args):
    """Send hand-made ARP frames (scapy), every field chosen: hostile ones included."""
    from scapy.all import ARP, Ether, conf, sendp  # noqa: E402
    conf.verb = 0
    op = 1 if args.op == 'request' else 2
    frame = Ether(src=args.eth_src, dst=args.eth_dst) / ARP(
        op=op, hwsrc=args.hwsrc or args.eth_src, psrc=args.psrc, hwdst=args.hwdst, pdst=args.pdst)
    sendp(frame, iface=args.iface, count=args.count)
    print(json.dumps({'sent': args.count, 'arp': frame.summary()}), flush=True)


def _tool_send_frame(args):
    """Send UDP or ICMP echo packets at layer 2 to --eth-dst (the router's MAC), whatever the
    addresses: the kernel would not route a martian, scapy's sendp does."""
    from scapy.all import ICMP, IP, UDP, Ether, conf, sendp  # noqa: E402
    conf.verb = 0
    l4 = UDP(sport=args.sport, dport=args.port) if args.proto == 'udp' else ICMP(id=args.sport)
    frame = Ether(dst=args.eth_dst) / IP(src=args.src, dst=args.dst) / l4 / b'natflow-martian'
    sendp(frame, iface=args.iface, count=args.count)
    print(json.dumps({'sent': args.count, 'frame': frame.summary()}), flush=True)


def _tool_send_fragments(args):
    """Send one UDP or TCP datagram of --size payload bytes as IP fragments of --fragsize,
    in order or with the first fragment last."""
    from scapy.all import IP, TCP, UDP, conf, fragment, send  # noqa: E402
    conf.verb = 0
    if args.proto == 'tcp':
        l4 = TCP(sport=args.sport, dport=args.port, flags='A', seq=12345, ack=67890)
    else:
        l4 = UDP(sport=args.sport, dport=args.port)
    packet = IP(dst=args.dst, id=args.id) / l4 / _payload(args.size, 0)
    frags = fragment(packet, fragsize=args.fragsize)
    if args.order == 'first-last':
        frags = frags[1:] + frags[:1]
    for frag in frags:
        send(frag)
        time.sleep(args.gap)
    print(json.dumps({'sent': len(frags), 'offsets': [f.frag * 8 for f in frags]}), flush=True)


def _tool_tcp_connects(args):
    """--count sequential TCP connections to dst:port (a tcp-echo), each: connect, echo one line,
    close, within --timeout s; prints how many succeeded. A slow or failed one does not stop the rest."""
    ok, failures = 0, []
    deadline = time.monotonic() + args.count * (args.timeout + 1)
    for index in range(args.count):
        if time.monotonic() > deadline:
            break
        try:
            with socket.create_connection((args.dst, args.port), timeout=args.timeout) as sock:
                sock.sendall(b'natflow %d\n' % index)
                if sock.recv(100).startswith(b'natflow'):
                    ok += 1
                    continue
                failures.append('%d: bad echo' % index)
        except OSError as error:
            failures.append('%d: %s' % (index, error))
    print(json.dumps({'attempts': args.count, 'succeeded': ok, 'failures': failures[:20]}), flush=True)


def _tool_tcp_session(args):
    """One TCP connection to dst:port (a tcp-echo) for --duration s: a numbered line every
    --interval s, each echo awaited (up to --duration). Prints "ready" once connected, then
    one JSON result: echoes, the longest time between two echoes (max_gap_s) and when it ended
    (max_gap_end, time.time()), and every gap over 0.5 s."""
    sock = socket.create_connection((args.dst, args.port), timeout=args.timeout)
    sock.settimeout(args.duration)
    print('ready', flush=True)
    result = {'local': '%s:%d' % sock.getsockname(), 'echoes': 0, 'max_gap_s': 0.0,
              'max_gap_end': None, 'long_gaps': [], 'error': None}
    started = last = time.monotonic()
    index = 0
    try:
        while time.monotonic() - started < args.duration:
            line = b'session %d\n' % index
            sock.sendall(line)
            got = b''
            while len(got) < len(line):
                chunk = sock.recv(len(line) - len(got))
                if not chunk:
                    raise OSError('connection closed by the server')
                got += chunk
            if got != line:
                raise OSError('echo %d came back as %r' % (index, got))
            now = time.monotonic()
            gap = now - last
            if gap > result['max_gap_s']:
                result['max_gap_s'], result['max_gap_end'] = round(gap, 3), time.time()
            if gap > 0.5:
                result['long_gaps'].append({'gap_s': round(gap, 3), 'end': time.time()})
            last = now
            result['echoes'] += 1
            index += 1
            time.sleep(args.interval)
    except OSError as error:
        result['error'] = str(error)
    sock.close()
    print(json.dumps(result), flush=True)


def _tool_tcp_connect_loop(args):
    """A new TCP connection to dst:port (a tcp-echo) every --interval s for --duration s, each
    in its own thread: connect, echo one line, close, within --timeout s. Prints "ready", then
    one JSON line per attempt {start, end (time.time()), ok, error} and a summary at the end."""
    attempts, lock = [], threading.Lock()

    def attempt(index):
        start = time.time()
        ok, error = False, None
        try:
            with socket.create_connection((args.dst, args.port), timeout=args.timeout) as sock:
                sock.sendall(b'natflow %d\n' % index)
                ok = sock.recv(100).startswith(b'natflow')
                error = None if ok else 'bad echo'
        except OSError as err:
            error = str(err)
        line = {'attempt': index, 'start': start, 'end': time.time(), 'ok': ok, 'error': error}
        with lock:
            attempts.append(line)
            print(json.dumps(line), flush=True)

    print('ready', flush=True)
    threads, began = [], time.monotonic()
    index = 0
    while time.monotonic() - began < args.duration:
        thread = threading.Thread(target=attempt, args=(index,), daemon=True)
        thread.start()
        threads.append(thread)
        index += 1
        time.sleep(max(0.0, began + index * args.interval - time.monotonic()))
    for thread in threads:
        thread.join(args.timeout + 1)
    print(json.dumps({'attempts': index, 'succeeded': sum(a['ok'] for a in attempts)}), flush=True)


def _checksum(data):
    if len(data) % 2:
        data += b'\0'
    total = sum(int.from_bytes(data[i:i + 2], 'big') for i in range(0, len(data), 2))
    while total >> 16:
        total = (total & 0xffff) + (total >> 16)
    return ~total & 0xffff


def _syn_frame(src_mac, dst_mac, src_ip, dst_ip, sport, dport):
    """An Ethernet frame with a TCP SYN, checksums right."""
    import struct
    tcp = struct.pack('!HHIIBBHHH', sport, dport, 12345, 0, 5 << 4, 0x02, 64240, 0, 0)
    pseudo = src_ip + dst_ip + struct.pack('!BBH', 0, 6, len(tcp))
    tcp = tcp[:16] + struct.pack('!H', _checksum(pseudo + tcp)) + tcp[18:]
    ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(tcp), 0, 0x4000, 64, 6, 0, src_ip, dst_ip)
    ip = ip[:10] + struct.pack('!H', _checksum(ip)) + ip[12:]
    return dst_mac + src_mac + b'\x08\x00' + ip + tcp


def _tool_syn_scan(args):
    """A port scan at a bounded rate: TCP SYNs from --src to --dst, destination ports cycling
    from 1, written as raw frames on --intf to --dst-mac, --rate per second for --duration s
    (at most 200,000 frames). Prints how many were sent and how long it took."""
    count = int(args.rate * args.duration)
    if count > 200000 or args.rate > 100000:
        raise SystemExit('refusing an unbounded scan: %d frames at %d/s' % (count, args.rate))
    with open('/sys/class/net/%s/address' % args.intf) as f:
        src_mac = bytes.fromhex(f.read().strip().replace(':', ''))
    dst_mac = bytes.fromhex(args.dst_mac.replace(':', ''))
    src_ip, dst_ip = socket.inet_aton(args.src), socket.inet_aton(args.dst)
    frames = [_syn_frame(src_mac, dst_mac, src_ip, dst_ip, 40000 + p % 20000, 1 + p) for p in range(min(count, 60000))]
    sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    sock.bind((args.intf, 0))
    print('ready', flush=True)
    sent = errors = 0
    start = time.monotonic()
    while sent < count:
        due = min(count, int((time.monotonic() - start) * args.rate) + 1)
        while sent < due:
            try:
                sock.send(frames[sent % len(frames)])
            except OSError:
                errors += 1
            sent += 1
        time.sleep(0.0005)
    print(json.dumps({'sent': sent, 'errors': errors, 'seconds': round(time.monotonic() - start, 3)}), flush=True)


def _tool_udp_spray(args):
    """One UDP socket (fixed source port) sends one datagram to each port of --ports on dst, one
    every --interval s: one mapping, one new session per port. Bounded by the port range."""
    first, last = (int(x) for x in args.ports.split('-'))
    if not 0 < first <= last < 65536 or last - first >= 20000:
        raise SystemExit('bad --ports %s' % args.ports)
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(('0.0.0.0', args.sport))
    sent = errors = 0
    for port in range(first, last + 1):
        try:
            sock.sendto(b'natflow-spray', (args.dst, port))
            sent += 1
        except OSError:
            errors += 1  # an ICMP error for an earlier datagram surfaces on a later send
        time.sleep(args.interval)
    print(json.dumps({'sent': sent, 'errors': errors}), flush=True)


def _tool_udp_probe(args):
    """Every --interval s for --duration s, a new UDP socket (a new flow, ephemeral port) sends
    one datagram to dst:port and waits up to --timeout s for its echo; never a retry. One JSON
    line per probe (local port, wall-clock send time, answered), then a summary line."""
    count = int(args.duration / args.interval)
    waiting = {}  # socket -> probe record
    probes = []
    start = time.monotonic()
    for index in range(count):
        due = start + index * args.interval
        while True:
            now = time.monotonic()
            _collect(waiting, min(max(due - now, 0), 0.05), args.timeout)
            if now >= due:
                break
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sock.setblocking(False)
        sock.connect((args.dst, args.port))
        probe = {'probe': index, 'local': sock.getsockname()[1], 'sent': time.time(),
                 'since': time.monotonic(), 'answered': False}
        try:
            sock.send(_payload(32, index))
        except OSError as error:
            probe['error'] = str(error)
        probes.append(probe)
        waiting[sock] = probe
    deadline = time.monotonic() + args.timeout
    while waiting and time.monotonic() < deadline:
        _collect(waiting, 0.05, args.timeout)
    for sock in list(waiting):
        sock.close()
    for probe in probes:
        probe.pop('since', None)
        print(json.dumps(probe), flush=True)
    print(json.dumps({'probes': len(probes), 'answered': sum(p['answered'] for p in probes)}), flush=True)


def _collect(waiting, wait, timeout):
    """Marks probes whose echo arrived; closes sockets answered or older than `timeout`."""
    if waiting:
        readable, _, _ = select.select(list(waiting), [], [], wait)
    else:
        time.sleep(wait)
        readable = []
    now = time.monotonic()
    for sock in readable:
        try:
            sock.recv(2048)
            waiting[sock]['answered'] = True
            waiting[sock]['rtt_ms'] = round((now - waiting[sock]['since']) * 1000, 1)
        except OSError:
            pass
    for sock, probe in list(waiting.items()):
        if probe['answered'] or now - probe['since'] > timeout:
            del waiting[sock]
            sock.close()


def main(argv=None):
    parser = argparse.ArgumentParser(description='natflow e2e host tools')
    sub = parser.add_subparsers(dest='tool', required=True)
    # Shared option groups (argparse parents): every server, and every tool that sends.
    server = argparse.ArgumentParser(add_help=False)
    server.add_argument('--bind', default='0.0.0.0')
    server.add_argument('--port', type=int, required=True)
    server.add_argument('--lifetime', type=float, default=600)
    remote = argparse.ArgumentParser(add_help=False)
    remote.add_argument('--dst', required=True)
    remote.add_argument('--port', type=int, required=True)

    sub.add_parser('udp-echo', parents=[server]).set_defaults(func=_tool_udp_echo)
    sub.add_parser('tcp-echo', parents=[server]).set_defaults(func=_tool_tcp_echo)
    p = sub.add_parser('tcp-name', parents=[server])
    p.add_argument('--name', required=True, help='what the server answers with')
    p.set_defaults(func=_tool_tcp_name)
    p = sub.add_parser('tcp-names', parents=[remote])
    p.add_argument('--src', default='0.0.0.0', help='local address to connect from')
    p.add_argument('--count', type=int, required=True)
    p.add_argument('--timeout', type=float, default=3.0)
    p.set_defaults(func=_tool_tcp_names)
    p = sub.add_parser('udp-client', parents=[remote])
    p.add_argument('--src', default='0.0.0.0', help='local address to send from')
    p.add_argument('--sport', type=int, default=0)
    p.add_argument('--size', type=int, default=64)
    p.add_argument('--count', type=int, default=3)
    p.add_argument('--timeout', type=float, default=2.0)
    p.set_defaults(func=_tool_udp_client)
    p = sub.add_parser('tcp-hold', parents=[remote])
    p.add_argument('--sport', type=int, default=0)
    p.add_argument('--timeout', type=float, default=5.0)
    p.add_argument('--hold', type=float, default=60.0)
    p.add_argument('--again', action='store_true', help='after the hold, echo a second line before closing')
    p.add_argument('--reset', action='store_true', help='close with RST (no TIME_WAIT)')
    p.set_defaults(func=_tool_tcp_hold)
    for name, func in (('tcp-burst', _tool_tcp_burst), ('udp-burst', _tool_udp_burst)):
        p = sub.add_parser(name, parents=[remote])
        p.add_argument('--count', type=int, required=True)
        p.add_argument('--timeout', type=float, default=2.0)
        p.add_argument('--deadline', type=float, default=120.0)
        p.add_argument('--gap', type=float, default=0.0, help='udp-burst: seconds between the two datagrams')
        p.add_argument('--first-port', type=int, default=0, help='source ports first-port, first-port + 1, ...')
        p.set_defaults(func=func)
    p = sub.add_parser('send', parents=[remote])
    p.add_argument('--proto', choices=('tcp', 'udp'), default='tcp')
    p.add_argument('--sport', type=int, required=True)
    p.add_argument('--flags', default='A')
    p.add_argument('--count', type=int, default=1)
    p.set_defaults(func=_tool_send)
    p = sub.add_parser('udp-peer', parents=[remote])
    p.add_argument('--sport', type=int, required=True)
    p.add_argument('--echo', action='store_true')
    p.add_argument('--timeout', type=float, default=3.0)
    p.add_argument('--lifetime', type=float, default=120)
    p.set_defaults(func=_tool_udp_peer)
    p = sub.add_parser('send-arp')
    p.add_argument('--iface', required=True)
    p.add_argument('--op', choices=('request', 'reply'), default='reply')
    p.add_argument('--eth-src', required=True)
    p.add_argument('--eth-dst', default='ff:ff:ff:ff:ff:ff')
    p.add_argument('--hwsrc', help='sender MAC (default: the Ethernet source)')
    p.add_argument('--psrc', required=True)
    p.add_argument('--hwdst', default='00:00:00:00:00:00')
    p.add_argument('--pdst', required=True)
    p.add_argument('--count', type=int, default=1)
    p.set_defaults(func=_tool_send_arp)
    p = sub.add_parser('send-frame', parents=[remote])
    p.add_argument('--iface', required=True)
    p.add_argument('--eth-dst', required=True)
    p.add_argument('--src', required=True)
    p.add_argument('--proto', choices=('udp', 'icmp'), default='udp')
    p.add_argument('--sport', type=int, default=5353)
    p.add_argument('--count', type=int, default=1)
    p.set_defaults(func=_tool_send_frame)
    p = sub.add_parser('send-fragments', parents=[remote])
    p.add_argument('--proto', choices=('tcp', 'udp'), default='udp')
    p.add_argument('--sport', type=int, required=True)
    p.add_argument('--size', type=int, default=2500)
    p.add_argument('--fragsize', type=int, default=1000)
    p.add_argument('--id', type=int, default=4242)
    p.add_argument('--order', choices=('in-order', 'first-last'), default='in-order')
    p.add_argument('--gap', type=float, default=0.05, help='seconds between fragments')
    p.set_defaults(func=_tool_send_fragments)
    p = sub.add_parser('tcp-connects', parents=[remote])
    p.add_argument('--count', type=int, default=10)
    p.add_argument('--timeout', type=float, default=3.0)
    p.set_defaults(func=_tool_tcp_connects)
    p = sub.add_parser('tcp-session', parents=[remote])
    p.add_argument('--interval', type=float, default=0.05)
    p.add_argument('--duration', type=float, default=30.0)
    p.add_argument('--timeout', type=float, default=5.0)
    p.set_defaults(func=_tool_tcp_session)
    p = sub.add_parser('tcp-connect-loop', parents=[remote])
    p.add_argument('--interval', type=float, default=0.1)
    p.add_argument('--duration', type=float, default=30.0)
    p.add_argument('--timeout', type=float, default=8.0)
    p.set_defaults(func=_tool_tcp_connect_loop)
    p = sub.add_parser('syn-scan')
    p.add_argument('--intf', required=True)
    p.add_argument('--dst-mac', required=True)
    p.add_argument('--src', required=True)
    p.add_argument('--dst', required=True)
    p.add_argument('--rate', type=int, default=20000)
    p.add_argument('--duration', type=float, default=5.0)
    p.set_defaults(func=_tool_syn_scan)
    p = sub.add_parser('udp-spray')
    p.add_argument('--dst', required=True)
    p.add_argument('--ports', required=True, help='first-last')
    p.add_argument('--sport', type=int, required=True)
    p.add_argument('--interval', type=float, default=0.005)
    p.set_defaults(func=_tool_udp_spray)
    p = sub.add_parser('udp-probe', parents=[remote])
    p.add_argument('--interval', type=float, default=0.02)
    p.add_argument('--duration', type=float, default=10.0)
    p.add_argument('--timeout', type=float, default=3.0)
    p.set_defaults(func=_tool_udp_probe)
    args = parser.parse_args(argv)
    args.func(args)
    return 0


if __name__ == '__main__':
    sys.exit(main())
