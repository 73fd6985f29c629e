"""`ovs-ofctl dump-flows` output parsed into Flow records (no string matching on whole lines).

A line looks like
  cookie=0x5, duration=1.2s, table=2, n_packets=3, n_bytes=180, idle_timeout=300,
  send_flow_rem priority=200,udp,nw_src=10.0.0.11,tp_src=40000 actions=set_field:...,goto_table:3
(one line): header fields end in ",", flags stand alone, the match is "priority=N,field=value,..."
(a bare word such as "udp" is a protocol), the actions follow " actions="."""

from dataclasses import dataclass

OFP_DEFAULT_PRIORITY = 32768           # OVS leaves priority out when it is the default
FLAGS = frozenset(('send_flow_rem', 'check_overlap', 'reset_counts', 'no_packet_counts', 'no_byte_counts'))


@dataclass(frozen=True)
class Flow:
    """One flow entry. match maps a field to its value ('' for a bare protocol such as 'tcp');
    actions is the text after 'actions=', action_list the same split at top-level commas."""
    table: int
    priority: int
    cookie: int
    match: dict
    actions: str
    action_list: tuple
    n_packets: int
    n_bytes: int
    idle_timeout: int = None
    hard_timeout: int = None
    flags: frozenset = frozenset()
    text: str = ''

    @property
    def send_flow_rem(self):
        return 'send_flow_rem' in self.flags


def parse_line(line):
    """The Flow of one dump-flows line, or None for a line that is not a flow (headers, blanks)."""
    line = line.strip()
    if not line.startswith('cookie='):
        return None
    head, sep, actions = line.partition(' actions=')
    if not sep:
        raise ValueError('flow without actions: %r' % line)
    header, flags, match = {}, set(), {}
    for chunk in head.split():
        if chunk.endswith(','):
            key, _, value = chunk[:-1].partition('=')
            header[key] = value
        elif chunk in FLAGS:
            flags.add(chunk)
        else:
            for item in chunk.split(','):
                key, _, value = item.partition('=')
                match[key] = value
    priority = match.pop('priority', None)
    return Flow(
        table=int(header.get('table', 0)),
        priority=OFP_DEFAULT_PRIORITY if priority is None else int(priority),
        cookie=int(header.get('cookie', '0'), 16),
        match=match,
        actions=actions,
        action_list=tuple(split_actions(actions)),
        n_packets=int(header.get('n_packets', 0)),
        n_bytes=int(header.get('n_bytes', 0)),
        idle_timeout=int(header['idle_timeout']) if 'idle_timeout' in header else None,
        hard_timeout=int(header['hard_timeout']) if 'hard_timeout' in header else None,
        flags=frozenset(flags),
        text=line)


def parse(text):
    """Every Flow in a dump-flows output."""
    return [flow for flow in map(parse_line, text.splitlines()) if flow is not None]


def split_actions(actions):
    """'ct(commit,nat(src=1.2.3.4)),output:4' -> ['ct(commit,nat(src=1.2.3.4))', 'output:4']."""
    parts, depth, start = [], 0, 0
    for i, char in enumerate(actions):
        if char == '(':
            depth += 1
        elif char == ')':
            depth -= 1
        elif char == ',' and depth == 0:
            parts.append(actions[start:i])
            start = i + 1
    if actions[start:]:
        parts.append(actions[start:])
    return parts
