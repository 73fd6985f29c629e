#!/usr/bin/python3
"""Markdown tables from the JSON that mininet/bench_nat.py prints (mininet/bench.sh runs it):
per lane and run, medians, same-run ratios, last run / first run, natflow's controller cost per
session setup, Open vSwitch's cost per connection, the first packet's path and the profile, and
issue 9's goals with a verdict each.

    /usr/bin/python3 mininet/bench_report.py RESULTS.json
    /usr/bin/python3 mininet/bench_report.py --compare BEFORE.json AFTER.json ...   # natflow, side by side"""
import json
import statistics
import sys

LANES = ['natflow', 'ct', 'static', 'iptables']
NAMES = {'natflow': 'natflow', 'ct': 'OVS ct(nat)', 'static': 'static set-field', 'iptables': 'iptables'}
OVS_LANES = ['natflow', 'ct', 'static']
CONTROLLER_EVENTS = ('packet_in', 'sent_flow_mod', 'sent_packet_out', 'translated_in_controller', 'session_reopened')
COVERAGE_SHOWN = 28


def get(r, *path):
    for key in path:
        if not isinstance(r, dict) or key not in r or r[key] is None:
            return None
        r = r[key]
    return r


def med(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def fmt(v, spec='%.0f'):
    if v is None:
        return '–'
    if isinstance(v, str):
        return v
    return spec % v


def ratio(a, b):
    return a / b if a is not None and b else None


def conns(r):
    return get(r, 'crr', 'conns')


def per_conn(r, *path):
    v, n = get(r, *path), conns(r)
    return v / n if v is not None and n else None


def setups(r):
    return get(r, 'cost', 'controller', 'session_setup')


def per_setup(r, name):
    v, n = get(r, 'cost', 'controller', name), setups(r)
    if n:
        return (v or 0) / n
    return None


def table(header, rows):
    out = ['| ' + ' | '.join(header) + ' |', '|' + '---|' * len(header)]
    out += ['| ' + ' | '.join(row) + ' |' for row in rows]
    return '\n'.join(out)


def cpu_us(r, group):
    """CPU µs per connection of one ovs-vswitchd thread group, or of the controller."""
    v = per_conn(r, 'cost', 'controller_cpu', 'process') if group == 'controller' else per_conn(r, 'cost', 'ovs_cpu', group)
    return v * 1e6 if v is not None else None


class Report:
    def __init__(self, doc):
        self.doc = doc
        self.res = doc['results']
        self.runs = len(self.res['natflow'])

    def lane_median(self, lane, f):
        return med([f(r) for r in self.res[lane]])

    def header(self):
        notes, args = self.doc.get('notes', {}), self.doc.get('args', {})
        lines = ['## Run: %s' % (notes.get('label') or notes.get('jar', '')), '',
                 '- jar: `%s` (sha256 %s…), worktree commit %s, %s' % (
                     notes.get('jar'), notes.get('jar_sha256'), notes.get('worktree_commit'), notes.get('java')),
                 '- started %s; uptime before: `%s`; after: `%s`' % (
                     notes.get('started'), (notes.get('uptime_before') or '').strip(),
                     (notes.get('uptime_after') or '').strip()),
                 '- %d runs × %d connections per lane (at most %s s each, %d client threads) after a warm-up of %s; '
                 'first packet: %d connections, one thread; profile %s s per OVS lane' % (
                     self.runs, args.get('conns_per_run', 0), args.get('crr_seconds'), args.get('threads', 0),
                     args.get('warmup_conns', 0),
                     args.get('first_packet_conns', 0), args.get('profile_seconds')),
                 '- connections opened in natflow\'s lane over the runs: %s' % fmt(
                     sum(conns(r) or 0 for r in self.res['natflow']))]
        settings = self.doc.get('settings')
        if settings:
            lines += ['', 'Open vSwitch settings used:', '', '```']
            lines += ['%s: %s' % (k, v.replace('\n', '\n    ')) for k, v in settings.items()]
            lines += ['```']
        return '\n'.join(lines)

    def per_run(self):
        rows = []
        for lane in LANES:
            for i, r in enumerate(self.res[lane]):
                rows.append([NAMES[lane], str(i + 1), fmt(conns(r)), fmt(get(r, 'crr', 'failed')),
                             fmt(get(r, 'crr', 'conns_per_s')), fmt(get(r, 'crr', 'connect_p50_us')),
                             fmt(get(r, 'crr', 'connect_p99_us')), ' '.join(r.get('loadavg') or [])])
        return '### Per lane and run\n\n' + table(
            ['lane', 'run', 'connections', 'failed', 'new TCP conn/s', 'connect p50 µs', 'connect p99 µs', 'load avg'],
            rows)

    def medians(self):
        measures = [
            ('new TCP conn/s', lambda r: get(r, 'crr', 'conns_per_s'), '%.0f'),
            ('connect p50 (SYN → SYN-ACK) µs', lambda r: get(r, 'crr', 'connect_p50_us'), '%.0f'),
            ('connect p99 µs', lambda r: get(r, 'crr', 'connect_p99_us'), '%.0f'),
            ('established round trip p50 µs', lambda r: get(r, 'rr', 'rtt_p50_us'), '%.0f'),
            ('ping RTT avg ms', lambda r: r.get('ping_avg_ms'), '%.3f'),
            ('iperf3 Gb/s', lambda r: r.get('iperf_gbps'), '%.2f'),
        ]
        rows = []
        for name, f, spec in measures:
            vals = {lane: self.lane_median(lane, f) for lane in LANES}
            rows.append([name] + [fmt(vals[lane], spec) for lane in LANES]
                        + [fmt(ratio(vals['natflow'], vals[b]), '%.2f') for b in ('ct', 'static', 'iptables')])
        same_run = []
        for i in range(self.runs):
            n = get(self.res['natflow'][i], 'crr', 'conns_per_s')
            same_run.append('run %d: ÷ct %s, ÷static %s' % (
                i + 1, fmt(ratio(n, get(self.res['ct'][i], 'crr', 'conns_per_s')), '%.2f'),
                fmt(ratio(n, get(self.res['static'][i], 'crr', 'conns_per_s')), '%.2f')))
        return ('### Medians of the %d runs\n\n' % self.runs + table(
            ['measure'] + [NAMES[l] for l in LANES] + ['natflow ÷ ct', 'natflow ÷ static', 'natflow ÷ iptables'], rows)
                + '\n\nnatflow conn/s ÷ the others in the same run: ' + '; '.join(same_run) + '.')

    def last_over_first(self):
        rows = []
        for lane in LANES:
            first, last = self.res[lane][0], self.res[lane][-1]
            rows.append([NAMES[lane], fmt(ratio(get(last, 'crr', 'conns_per_s'), get(first, 'crr', 'conns_per_s')), '%.2f'),
                         fmt(ratio(get(last, 'crr', 'connect_p50_us'), get(first, 'crr', 'connect_p50_us')), '%.2f')])
        return ('### Last run ÷ first run (same network; natflow\'s NAT table keeps what earlier runs left)\n\n'
                + table(['lane', 'conn/s last ÷ first', 'connect p50 last ÷ first'], rows))

    def controller_costs(self):
        rows = []
        for i, r in enumerate(self.res['natflow']):
            s = setups(r)
            rows.append([str(i + 1), fmt(s)] + [fmt(per_setup(r, e), '%.3f') for e in CONTROLLER_EVENTS[:3]]
                        + ['%s (%s %%)' % (fmt(get(r, 'cost', 'controller', 'translated_in_controller') or 0),
                                           fmt(100 * (per_setup(r, 'translated_in_controller') or 0), '%.2f')),
                           fmt(get(r, 'cost', 'controller', 'session_reopened') or 0),
                           fmt(get(r, 'datapath', 'dp_flows_peak')), fmt(get(r, 'datapath', 'dp_flow_limit_min')),
                           fmt(r.get('dp_flows_of_bridge')), fmt(r.get('nat_table_flows')),
                           fmt(cpu_us(r, 'controller'))])
        return ('### natflow: controller cost per session setup (deltas of /prometheus `natflow_events_*` over each crr)\n\n'
                + table(['run', 'session setups', 'packet-ins', 'flow-mods', 'packet-outs',
                         'translated_in_controller', 'session_reopened', 'datapath flows, peak (upcall/show)',
                         'datapath flow limit, lowest', 'datapath flows of nb1 after', 'NAT table (table 2) flows after',
                         'controller CPU µs/conn'], rows))

    def ovs_costs(self):
        groups = sorted({g for lane in OVS_LANES for r in self.res[lane] for g in (get(r, 'cost', 'ovs_cpu') or {})})
        rows = []
        for g in groups:
            rows.append(['ovs-vswitchd thread `%s`: CPU µs/conn' % g]
                        + [fmt(self.lane_median(lane, lambda r: cpu_us(r, g)), '%.1f') for lane in OVS_LANES])
        rows.append(['controller CPU µs/conn'] + [fmt(self.lane_median(lane, lambda r: cpu_us(r, 'controller')), '%.1f')
                                                   for lane in OVS_LANES])
        main_stats = sorted({k for lane in OVS_LANES for r in self.res[lane] for k in (get(r, 'cost', 'main_thread') or {})})
        for k in main_stats:
            rows.append(['datapath main thread: %s /conn' % k]
                        + [fmt(self.lane_median(lane, lambda r: per_conn(r, 'cost', 'main_thread', k)), '%.2f')
                           for lane in OVS_LANES])
        names = {k for lane in OVS_LANES for r in self.res[lane] for k in (get(r, 'cost', 'coverage') or {})}
        per = {k: {lane: self.lane_median(lane, lambda r: per_conn(r, 'cost', 'coverage', k)) for lane in OVS_LANES}
               for k in names}
        shown = sorted((k for k in names if max(v or 0 for v in per[k].values()) >= 0.05),
                       key=lambda k: -max(v or 0 for v in per[k].values()))[:COVERAGE_SHOWN]
        for k in shown:
            rows.append(['coverage `%s` /conn' % k] + [fmt(per[k][lane], '%.2f') for lane in OVS_LANES])
        return ('### Open vSwitch cost per connection (medians over the runs; counters are global, the lanes run one at a '
                'time; intervals include 1.5 s after the last connection)\n\n'
                + table(['per new connection'] + [NAMES[l] for l in OVS_LANES], rows))

    def first_packet(self):
        fp = self.doc.get('first_packet')
        if not fp:
            return ''
        stage_names = [('switch_miss_to_packet_in', 'SYN in → PACKET_IN sent (switch: miss, upcall, main thread)'),
                       ('controller', 'PACKET_IN → PACKET_OUT (controller, incl. loopback socket)'),
                       ('switch_packet_out_to_wire', 'PACKET_OUT → SYN out (switch: flow-mods, packet-out)'),
                       ('switch_syn_total', 'SYN in → SYN out (the switch with everything behind it)'),
                       ('server', 'SYN out → SYN-ACK in (server)'),
                       ('switch_syn_ack', 'SYN-ACK in → SYN-ACK out (switch, return path)'),
                       ('syn_to_syn_ack', 'SYN in → SYN-ACK out (total, on the wire)')]
        rows = []
        for key, label in stage_names:
            cells = []
            for lane in OVS_LANES:
                s = get(fp, lane, 'stages', key)
                cells.append('%s / %s' % (fmt(get(s, 'p50_us')), fmt(get(s, 'p90_us'))) if s else '–')
            rows.append([label] + cells)
        rows.append(['connections followed (of SYNs seen)'] + ['%s of %s' % (
            fmt(get(fp, lane, 'stages', 'connections_followed')), fmt(get(fp, lane, 'stages', 'syns_seen')))
            for lane in OVS_LANES])
        rows.append(['capture: packets the kernel dropped (client, server, OpenFlow); OpenFlow stream gaps']
                    + ['%s; %s' % (', '.join(fmt(d) for d in (get(fp, lane, 'capture_drops') or [])),
                                   fmt(get(fp, lane, 'stages', 'openflow_capture_gaps'))) for lane in OVS_LANES])
        rows.append(['flow-mods between PACKET_IN and PACKET_OUT, median']
                    + [fmt(get(fp, lane, 'stages', 'flow_mods_between_packet_in_and_out_p50'), '%.0f') for lane in OVS_LANES])
        rows.append(['answers (flow-mods + PACKET_OUT) in one TCP segment, share']
                    + [fmt(get(fp, lane, 'stages', 'answer_in_one_segment_share'), '%.3f') for lane in OVS_LANES])
        rows.append(['connect p50 / p99 µs (bench_tool, client side)'] + ['%s / %s' % (
            fmt(get(fp, lane, 'crr', 'connect_p50_us')), fmt(get(fp, lane, 'crr', 'connect_p99_us'))) for lane in OVS_LANES])
        for g in ('ovs-vswitchd', 'revalidator', 'handler'):
            rows.append(['ovs-vswitchd `%s` CPU µs/conn' % g] + [fmt(cpu_us(fp.get(lane, {}), g), '%.1f') for lane in OVS_LANES])
        for k in ('miss with success upcall', 'packets received'):
            rows.append(['datapath main thread: %s /conn' % k]
                        + [fmt(per_conn(fp.get(lane, {}), 'cost', 'main_thread', k), '%.2f') for lane in OVS_LANES])
        for k in ('xlate_actions', 'dpif_flow_put', 'dpif_execute', 'ofproto_packet_out', 'ofproto_recv_openflow',
                  'rev_flow_table', 'upcall_ukey_replace'):
            rows.append(['coverage `%s` /conn' % k]
                        + [fmt(per_conn(fp.get(lane, {}), 'cost', 'coverage', k), '%.2f') for lane in OVS_LANES])
        n50 = get(fp, 'natflow', 'crr', 'connect_p50_us')
        added = ['natflow connect p50 − static: **%s µs**' % fmt(n50 - get(fp, 'static', 'crr', 'connect_p50_us'))
                 if n50 is not None and get(fp, 'static', 'crr', 'connect_p50_us') is not None else '',
                 '− ct(nat): %s µs' % fmt(n50 - get(fp, 'ct', 'crr', 'connect_p50_us'))
                 if n50 is not None and get(fp, 'ct', 'crr', 'connect_p50_us') is not None else '',
                 'iptables connect p50 %s µs' % fmt(get(fp, 'iptables', 'crr', 'connect_p50_us'))]
        return ('### First packet: one client thread, timestamped captures (p50 / p90 µs)\n\n'
                + table(['stage'] + [NAMES[l] for l in OVS_LANES], rows)
                + '\n\nAdded first-packet latency (one thread): ' + '; '.join(a for a in added if a) + '.')

    def profile(self):
        prof = self.doc.get('profile')
        if not prof:
            return ''
        out = ['### perf profile of ovs-vswitchd (`perf record -g -p <pid>`, %s s during an 8-thread crr)' %
               self.doc.get('args', {}).get('profile_seconds')]
        for lane in OVS_LANES:
            p = prof.get(lane, {})
            out += ['', '%s: crr during the profile %s conn/s; perf record rc %s' % (
                NAMES[lane], fmt(get(p, 'crr', 'conns_per_s')), p.get('perf_record_rc')), '', '```']
            out += (p.get('by_thread') or [p.get('perf_record', '')])[:12]
            out += ['---'] + (p.get('by_thread_dso') or [])[:12]
            out += ['---'] + (p.get('top_symbols') or [])[:25]
            out += ['```']
            if p.get('addresses'):
                out += ['', 'Unresolved ovs-vswitchd addresses, by the source locations their function loads '
                        '(`mininet/ovs_addr2src.py`):', '']
                out += ['- `%s`: %s' % kv for kv in p['addresses'].items()]
        return '\n'.join(out)

    def goals(self):
        nat = self.res['natflow']
        pin = med([per_setup(r, 'packet_in') for r in nat])
        fm = med([per_setup(r, 'sent_flow_mod') for r in nat])
        tic = med([per_setup(r, 'translated_in_controller') for r in nat])
        same = [ratio(get(nat[i], 'crr', 'conns_per_s'), get(self.res['ct'][i], 'crr', 'conns_per_s'))
                for i in range(self.runs)]
        same_static = [ratio(get(nat[i], 'crr', 'conns_per_s'), get(self.res['static'][i], 'crr', 'conns_per_s'))
                       for i in range(self.runs)]
        lof = ratio(get(nat[-1], 'crr', 'conns_per_s'), get(nat[0], 'crr', 'conns_per_s'))
        fp = self.doc.get('first_packet') or {}
        n50, s50 = get(fp, 'natflow', 'crr', 'connect_p50_us'), get(fp, 'static', 'crr', 'connect_p50_us')
        added = n50 - s50 if n50 is not None and s50 is not None else None
        verdict = lambda ok: '–' if ok is None else ('**met**' if ok else '**missed**')
        cmp = lambda v, goal, le=True: None if v is None else (v <= goal if le else v >= goal)
        rows = [['packet-ins per TCP setup (incl. the close)', '≤ 1.05', fmt(pin, '%.3f'), verdict(cmp(pin, 1.05))],
                ['flow-mods per TCP setup', '≤ 2.1', fmt(fm, '%.3f'), verdict(cmp(fm, 2.1))],
                ['translated_in_controller per setup', '≤ 1 %', fmt(tic and 100 * tic, '%.2f %%'), verdict(cmp(tic, 0.01))],
                ['natflow ÷ ct(nat) conn/s, same run', '≥ 0.5 (stretch 1.0)',
                 ', '.join(fmt(v, '%.2f') for v in same) + ' (median %s)' % fmt(med(same), '%.2f'),
                 verdict(cmp(med(same), 0.5, le=False))],
                ['natflow ÷ static conn/s, same run', 'reported',
                 ', '.join(fmt(v, '%.2f') for v in same_static) + ' (median %s)' % fmt(med(same_static), '%.2f'), '–'],
                ['last run ÷ first run, natflow conn/s', '≥ 0.9', fmt(lof, '%.2f'), verdict(cmp(lof, 0.9, le=False))],
                ['first-packet added latency over static, one thread, p50', '≤ 1 ms',
                 fmt(added and added / 1000, '%.2f ms'), verdict(cmp(added, 1000))]]
        return '### Issue 9 goals (medians of the runs; ratios within a run)\n\n' + table(
            ['goal', 'target', 'measured', 'verdict'], rows)

    def render(self):
        parts = [self.header(), self.per_run(), self.medians(), self.last_over_first(), self.controller_costs(),
                 self.ovs_costs(), self.first_packet(), self.profile(), self.goals()]
        return '\n\n'.join(p for p in parts if p)


def compare(docs):
    """natflow's figures of several runs of the bench side by side (e.g. before and after a
    change): medians of each bench's rounds, ratios within a round."""
    reports = [Report(d) for d in docs]
    conn_s = lambda r: get(r, 'crr', 'conns_per_s')
    measures = [
        ('new TCP conn/s, per run', lambda rep: ' / '.join(fmt(conn_s(r)) for r in rep.res['natflow'])),
        ('new TCP conn/s, median', lambda rep: fmt(rep.lane_median('natflow', conn_s))),
        ('connect p50 / p99 µs, medians', lambda rep: '%s / %s' % (
            fmt(rep.lane_median('natflow', lambda r: get(r, 'crr', 'connect_p50_us'))),
            fmt(rep.lane_median('natflow', lambda r: get(r, 'crr', 'connect_p99_us'))))),
        ('natflow ÷ ct(nat) conn/s, per run', lambda rep: ' / '.join(
            fmt(ratio(conn_s(n), conn_s(c)), '%.2f') for n, c in zip(rep.res['natflow'], rep.res['ct']))),
        ('natflow ÷ static conn/s, per run', lambda rep: ' / '.join(
            fmt(ratio(conn_s(n), conn_s(c)), '%.2f') for n, c in zip(rep.res['natflow'], rep.res['static']))),
        ('ct(nat) / static conn/s, medians', lambda rep: '%s / %s' % (
            fmt(rep.lane_median('ct', conn_s)), fmt(rep.lane_median('static', conn_s)))),
        ('last run ÷ first run, conn/s', lambda rep: fmt(ratio(conn_s(rep.res['natflow'][-1]), conn_s(rep.res['natflow'][0])), '%.2f')),
    ]
    for event, label in (('packet_in', 'packet-ins'), ('sent_flow_mod', 'flow-mods'), ('sent_packet_out', 'packet-outs'),
                         ('translated_in_controller', 'translated_in_controller'), ('session_reopened', 'session_reopened')):
        measures.append(('%s per session setup' % label,
                         lambda rep, e=event: fmt(med([per_setup(r, e) for r in rep.res['natflow']]), '%.3f')))
    for group, label in (('ovs-vswitchd', 'ovs-vswitchd main thread'), ('revalidator', 'ovs-vswitchd revalidator'),
                         ('urcu', 'ovs-vswitchd urcu'), ('controller', 'controller')):
        measures.append(('%s CPU µs/conn, per run' % label,
                         lambda rep, g=group: ' / '.join(fmt(cpu_us(r, g)) for r in rep.res['natflow'])))
    measures += [
        ('datapath upcalls /conn', lambda rep: fmt(rep.lane_median(
            'natflow', lambda r: per_conn(r, 'cost', 'main_thread', 'miss with success upcall')), '%.2f')),
        ('coverage xlate_actions /conn', lambda rep: fmt(rep.lane_median(
            'natflow', lambda r: per_conn(r, 'cost', 'coverage', 'xlate_actions')), '%.1f')),
        ('coverage rev_flow_table /conn', lambda rep: fmt(rep.lane_median(
            'natflow', lambda r: per_conn(r, 'cost', 'coverage', 'rev_flow_table')), '%.2f')),
        ('datapath flows, peak per run', lambda rep: ' / '.join(fmt(get(r, 'datapath', 'dp_flows_peak')) for r in rep.res['natflow'])),
        ('NAT table (table 2) flows after each run', lambda rep: ' / '.join(fmt(r.get('nat_table_flows')) for r in rep.res['natflow'])),
        ('one thread: connect p50 natflow / static µs', lambda rep: '%s / %s' % (
            fmt(get(rep.doc, 'first_packet', 'natflow', 'crr', 'connect_p50_us')),
            fmt(get(rep.doc, 'first_packet', 'static', 'crr', 'connect_p50_us')))),
        ('one thread: first-packet added latency over static, p50', lambda rep: fmt(
            (get(rep.doc, 'first_packet', 'natflow', 'crr', 'connect_p50_us') or 0)
            - (get(rep.doc, 'first_packet', 'static', 'crr', 'connect_p50_us') or 0), '%.0f µs')),
        ('one thread: ovs-vswitchd main thread CPU µs/conn', lambda rep: fmt(cpu_us(get(rep.doc, 'first_packet', 'natflow') or {}, 'ovs-vswitchd'))),
        ('profile phase (8 threads, after the runs): natflow conn/s', lambda rep: fmt(get(rep.doc, 'profile', 'natflow', 'crr', 'conns_per_s'))),
        ('load average at start / end', lambda rep: '%s / %s' % (
            (rep.doc.get('notes', {}).get('uptime_before') or '').split('load average:')[-1].strip(),
            (rep.doc.get('notes', {}).get('uptime_after') or '').split('load average:')[-1].strip())),
    ]
    header = ['natflow lane'] + ['%s, %s' % (rep.doc.get('notes', {}).get('label', ''),
                                             (rep.doc.get('notes', {}).get('started') or '')[11:16]) for rep in reports]
    return '### natflow, bench by bench\n\n' + table(header, [[name] + [f(rep) for rep in reports] for name, f in measures])


if __name__ == '__main__':
    if sys.argv[1] == '--compare':
        print(compare([json.load(open(f)) for f in sys.argv[2:]]))
    else:
        print(Report(json.load(open(sys.argv[1]))).render())
