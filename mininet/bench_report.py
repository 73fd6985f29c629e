#!/usr/bin/python3
"""Medians and ratios from the JSON that mininet/bench_nat.py prints (used by mininet/bench.sh)."""
import json
import statistics
import sys

doc = json.load(open(sys.argv[1]))
res = doc['results']


def safe(f, r):
    try:
        return f(r)
    except (KeyError, TypeError):
        return None


def med(lane, f):
    vals = [safe(f, r) for r in res[lane]]
    vals = [v for v in vals if v is not None]
    return statistics.median(vals) if vals else float('nan')


rows = [
    ('new TCP conns/s', lambda r: r['crr']['conns_per_s'], '%.0f'),
    ('failed connects per run', lambda r: r['crr']['failed'], '%.0f'),
    ('connect p50 (SYN->SYN-ACK) us', lambda r: r['crr']['connect_p50_us'], '%.0f'),
    ('connect p99 us', lambda r: r['crr']['connect_p99_us'], '%.0f'),
    ('established RTT p50 us', lambda r: r['rr']['rtt_p50_us'], '%.0f'),
    ('first-packet added latency us', lambda r: r['crr']['connect_p50_us'] - r['rr']['rtt_p50_us'], '%.0f'),
    ('ping RTT avg ms', lambda r: r['ping_avg_ms'], '%.3f'),
    ('iperf3 Gb/s', lambda r: r['iperf_gbps'], '%.2f'),
]
lanes = ['natflow', 'ct', 'iptables', 'static']
print('runs: %d; medians' % len(res['natflow']))
print('%-32s' % 'measure' + ''.join('%12s' % l for l in lanes) + '%14s%14s' % ('natflow/ct', 'natflow/ipt'))
for name, f, fmt in rows:
    vals = [med(l, f) for l in lanes]
    ratio = lambda a, b: ('%.2f' % (a / b)) if b else '-'
    print('%-32s' % name + ''.join('%12s' % (fmt % v) for v in vals)
          + '%14s%14s' % (ratio(vals[0], vals[1]), ratio(vals[0], vals[2])))
print('natflow / static set-field throughput: %.2f' % (med('natflow', lambda r: r['iperf_gbps'])
                                                        / med('static', lambda r: r['iperf_gbps'])))
print('natflow NAT table at the end: %s' % doc.get('natflow_nat_table'))
