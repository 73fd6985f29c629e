"""End-to-end: the REST API shows a live connection's mapping with the switch's own counters,
and DELETE /api/mappings/{id} removes its flows from the switch (the connection stops being
translated). Default natflow.yml; every wait is bounded; run as root:

    /usr/bin/python3 -m pytest -v mininet/test_rest_mappings.py
"""

import json
import subprocess

from e2e import config, ovs, pipeline, rest, waiting
import topo

SRV = topo.SRV_IP
H1 = topo.LAN_HOSTS['h1'][0]
PORT = 5003
SPORT = 42000


def mapping_of_h1(sport):
    found = rest.http_get_json('%s/api/mappings?internal=%s:%d&protocol=tcp' % (config.REST_URL, H1, sport))
    return found['items'][0] if found['matched'] == 1 else None


def flows_with_cookie(cookie):
    return [f for f in ovs.flows(topo.SWITCH_NAME, pipeline.NAT_TABLE) if f.cookie == cookie]


def test_live_mapping_is_listed_counted_and_deleted(nat, host_procs):
    h1, srv = nat.get('h1'), nat.get('srv')
    host_procs.tool(srv, 'tcp-echo', '--bind', SRV, '--port', PORT)
    client = host_procs.tool(h1, 'tcp-hold', '--dst', SRV, '--port', PORT, '--sport', SPORT, '--hold', 60,
                             ready='"echoed"', stdin=subprocess.PIPE)

    m = waiting.wait_until(lambda: mapping_of_h1(SPORT), 10, 'h1:%d in GET /api/mappings' % SPORT)
    assert m['publicAddress'] == topo.NAT_PUBLIC_IP and m['internalPort'] == SPORT, m
    assert '%s:%d' % (SRV, PORT) in m['remotes'], m
    assert len(flows_with_cookie(m['id'])) == 2, 'the mapping id is the cookie of both session flows'

    def counted():
        detail = rest.http_get_json('%s/api/mappings/%d' % (config.REST_URL, m['id']))
        c = detail['counters']
        return detail if c['outbound']['packets'] > 0 and c['inbound']['packets'] > 0 else None
    detail = waiting.wait_until(counted, 10, 'packet counters of mapping %d from the switch' % m['id'])
    print('\n[rest] mapping %d counters: %s' % (m['id'], json.dumps(detail['counters'])))

    status, body = rest.http_get('%s/api/mappings/%d' % (config.REST_URL, m['id']), method='DELETE')
    assert status == 200, body
    waiting.wait_until(lambda: not flows_with_cookie(m['id']), 5, 'the flows of mapping %d to leave table 2' % m['id'])
    status, _ = rest.http_get('%s/api/mappings/%d' % (config.REST_URL, m['id']))
    assert status == 404
    status, body = rest.http_get('%s/api/mappings/%d' % (config.REST_URL, m['id']), method='DELETE')
    assert status == 404 and 'message' in json.loads(body), body
    client.write_line('close')


def restored_mapping(sport):
    try:
        return mapping_of_h1(sport)
    except Exception:  # the controller is still starting
        return None


def test_mapping_is_restored_from_the_switch_after_a_controller_restart(controller, nat, host_procs):
    h1, srv = nat.get('h1'), nat.get('srv')
    host_procs.tool(srv, 'tcp-echo', '--bind', SRV, '--port', PORT + 1)
    client = host_procs.tool(h1, 'tcp-hold', '--dst', SRV, '--port', PORT + 1, '--sport', SPORT + 1, '--hold', 60,
                             ready='"echoed"', stdin=subprocess.PIPE)
    before = waiting.wait_until(lambda: mapping_of_h1(SPORT + 1), 10, 'h1:%d in GET /api/mappings' % (SPORT + 1))

    controller.stop()
    controller.start()
    after = waiting.wait_until(lambda: restored_mapping(SPORT + 1), 40,
                           'the mapping of h1:%d read back from the switch after the restart' % (SPORT + 1))
    assert (after['id'], after['publicPort']) == (before['id'], before['publicPort']), (before, after)
    assert len(flows_with_cookie(after['id'])) == 2

    # The connection, carried by the datapath throughout, still closes cleanly both ways.
    client.write_line('close')
    client.wait_output('"closed"', 10, 'the held connection to close after the restart')
