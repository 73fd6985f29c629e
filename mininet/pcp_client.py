#!/usr/bin/env python3
"""A PCP client (RFC 6887) written from the RFC's wire format, for the end-to-end tests.

Runs inside a Mininet host; prints one JSON line with the decoded response (or
{"timeout": true}). Standard library only.

    pcp_client.py map  --server 10.0.0.1 --client 10.0.0.11 --proto 6 --internal 6000 \
                       --suggest 6000 --lifetime 60 --nonce 1 [--third-party IP] [--prefer-failure]
    pcp_client.py peer --server 10.0.0.1 --client 10.0.0.11 --proto 17 --remote 198.51.100.80:7000 \
                       --lifetime 60            (first sends a datagram to the remote from its socket)
    pcp_client.py raw  --server 10.0.0.1 --hex 0201...   (any bytes, e.g. a malformed request)
"""

import argparse
import json
import socket
import struct

PCP_PORT = 5351
RESULTS = ['SUCCESS', 'UNSUPP_VERSION', 'NOT_AUTHORIZED', 'MALFORMED_REQUEST', 'UNSUPP_OPCODE',
           'UNSUPP_OPTION', 'MALFORMED_OPTION', 'NETWORK_FAILURE', 'NO_RESOURCES', 'UNSUPP_PROTOCOL',
           'USER_EX_QUOTA', 'CANNOT_PROVIDE_EXTERNAL', 'ADDRESS_MISMATCH', 'EXCESSIVE_REMOTE_PEERS']


def mapped(ip):
    """An IPv4-mapped IPv6 address, ::ffff:a.b.c.d (RFC 6887 §5)."""
    return b'\x00' * 10 + b'\xff\xff' + socket.inet_aton(ip)


def unmapped(b):
    return socket.inet_ntoa(b[12:16]) if b[:12] == b'\x00' * 10 + b'\xff\xff' else b.hex()


def header(opcode, lifetime, client):
    """Figure 2: version 2, R=0 and opcode, reserved, requested lifetime, client IP."""
    return struct.pack('!BBHI', 2, opcode, 0, lifetime) + mapped(client)


def map_data(nonce, proto, internal, suggest, suggest_ip='0.0.0.0'):
    """Figure 9: nonce (96 bits), protocol, 24 reserved bits, internal port, suggested port and address."""
    ip = b'\x00' * 16 if suggest_ip == '0.0.0.0' else mapped(suggest_ip)
    return struct.pack('!QI', 0, nonce) + struct.pack('!B3xHH', proto, internal, suggest) + ip


def option(code, data=b''):
    """§7.3: code, reserved, length, data padded to 4 octets."""
    return struct.pack('!BBH', code, 0, len(data)) + data + b'\x00' * (-len(data) % 4)


def decode(resp):
    out = {'length': len(resp)}
    if len(resp) < 24:
        out['short'] = resp.hex()
        return out
    version, r_op, _, result, lifetime, epoch = struct.unpack('!BBBBII', resp[:12])
    out.update(version=version, response=bool(r_op & 0x80), opcode=r_op & 0x7f, result=result,
               result_name=RESULTS[result] if result < len(RESULTS) else str(result),
               lifetime=lifetime, epoch=epoch)
    if out['opcode'] in (1, 2) and len(resp) >= 60:
        # Figure 9: nonce 24..35, protocol 36, reserved 37..39, ports 40..43, address 44..59
        nonce_hi, nonce_lo, proto, internal, external = struct.unpack('!QIB3xHH', resp[24:44])
        out.update(nonce=nonce_lo, protocol=proto, internal_port=internal, external_port=external,
                   external_ip=unmapped(resp[44:60]))
    if out['opcode'] == 2 and len(resp) >= 80:
        # Figure 10: remote peer port 60..61, reserved 62..63, remote peer address 64..79
        out.update(remote_port=struct.unpack('!H', resp[60:62])[0], remote_ip=unmapped(resp[64:80]))
    return out


def exchange(sock, server, request, timeout, tries=3):
    sock.settimeout(timeout)
    for _ in range(tries):
        sock.sendto(request, (server, PCP_PORT))
        try:
            resp, _ = sock.recvfrom(2048)
            return decode(resp)
        except socket.timeout:
            continue
    return {'timeout': True}


def main():
    p = argparse.ArgumentParser()
    p.add_argument('op', choices=['map', 'peer', 'raw', 'announce'])
    p.add_argument('--server', required=True)
    p.add_argument('--client')
    p.add_argument('--proto', type=int, default=6)
    p.add_argument('--internal', type=int, default=0)
    p.add_argument('--suggest', type=int, default=0)
    p.add_argument('--lifetime', type=int, default=60)
    p.add_argument('--nonce', type=int, default=1)
    p.add_argument('--third-party')
    p.add_argument('--prefer-failure', action='store_true')
    p.add_argument('--remote', help='PEER: ip:port of the remote peer')
    p.add_argument('--sport', type=int, default=0, help='PEER: the internal port to use')
    p.add_argument('--hex', help='raw: the request bytes')
    p.add_argument('--timeout', type=float, default=1.0)
    a = p.parse_args()

    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(('0.0.0.0', a.sport))
    if a.op == 'raw':
        result = exchange(sock, a.server, bytes.fromhex(a.hex), a.timeout)
    elif a.op == 'announce':
        result = exchange(sock, a.server, header(0, 0, a.client), a.timeout)
    elif a.op == 'map':
        opts = b''
        if a.third_party:
            opts += option(1, mapped(a.third_party))
        if a.prefer_failure:
            opts += option(2)
        request = header(1, a.lifetime, a.client) + map_data(a.nonce, a.proto, a.internal, a.suggest) + opts
        result = exchange(sock, a.server, request, a.timeout)
    else:
        rip, rport = a.remote.rsplit(':', 1)
        # the outbound session first: a datagram to the remote, answered by its echo server
        data = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        data.bind(('0.0.0.0', 0))
        data.settimeout(2.0)
        data.sendto(b'natflow-peer', (rip, int(rport)))
        try:
            data.recvfrom(2048)
            echoed = True
        except socket.timeout:
            echoed = False
        internal = data.getsockname()[1]
        request = header(2, a.lifetime, a.client) + map_data(a.nonce, a.proto, internal, 0) + \
            struct.pack('!HH', int(rport), 0) + mapped(rip)
        result = exchange(sock, a.server, request, a.timeout)
        result.update(session_port=internal, echoed=echoed)
    print(json.dumps(result), flush=True)


if __name__ == '__main__':
    main()
