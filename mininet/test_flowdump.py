"""The dump-flows parser (e2e.flowdump) on lines as OVS 3.1 prints them; no network needed."""

from e2e import flowdump, pipeline

SESSION = (' cookie=0x2a, duration=4.113s, table=2, n_packets=7, n_bytes=518, idle_timeout=300,'
           ' send_flow_rem priority=200,udp,in_port=1,nw_src=10.0.0.11,tp_src=40000'
           ' actions=set_field:203.0.113.1->ip_src,set_field:1024->udp_src,goto_table:3')
TABLE_MISS = ' cookie=0x4e46000000000000, duration=9.5s, table=0, n_packets=0, n_bytes=0, priority=0 actions=CONTROLLER:65535'
BACKOFF = (' cookie=0x4e46000000000003, duration=0.5s, table=1, n_packets=1, n_bytes=74, hard_timeout=2,'
           ' priority=110,tcp,nw_src=10.0.0.12,tcp_flags=+syn-ack actions=drop')


def test_a_session_flow_has_its_fields_match_and_actions():
    flow = flowdump.parse_line(SESSION)
    assert (flow.table, flow.priority, flow.cookie) == (2, 200, 42)
    assert (flow.n_packets, flow.n_bytes, flow.idle_timeout, flow.hard_timeout) == (7, 518, 300, None)
    assert flow.send_flow_rem
    assert flow.match == {'udp': '', 'in_port': '1', 'nw_src': '10.0.0.11', 'tp_src': '40000'}
    assert flow.action_list == ('set_field:203.0.113.1->ip_src', 'set_field:1024->udp_src', 'goto_table:3')
    assert pipeline.is_mapping_cookie(flow.cookie)


def test_static_flows_and_headers():
    flows = flowdump.parse('OFPST_FLOW reply (OF1.3) (xid=0x2):\n%s\n%s\n' % (TABLE_MISS, BACKOFF))
    assert [f.cookie for f in flows] == [pipeline.STATIC_COOKIE, pipeline.BACKOFF_COOKIE]
    miss, backoff = flows
    assert (miss.priority, miss.match, miss.actions, miss.send_flow_rem) == (0, {}, 'CONTROLLER:65535', False)
    assert backoff.hard_timeout == 2 and backoff.match['tcp_flags'] == '+syn-ack' and backoff.actions == 'drop'
    assert not pipeline.is_mapping_cookie(miss.cookie)


def test_actions_split_at_top_level_commas_only():
    assert flowdump.split_actions('ct(commit,zone=1,nat(src=203.0.113.1)),output:4') == \
        ['ct(commit,zone=1,nat(src=203.0.113.1))', 'output:4']


def test_default_priority_when_ovs_leaves_it_out():
    flow = flowdump.parse_line(' cookie=0x0, duration=1s, table=0, n_packets=0, n_bytes=0, actions=drop')
    assert flow.priority == flowdump.OFP_DEFAULT_PRIORITY and flow.match == {}
