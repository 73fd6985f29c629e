#!/usr/bin/python3
"""Where in the Open vSwitch sources an address of a *stripped* ovs-vswitchd lies (Debian ships
it without symbols, and its debug-symbol archive is not reachable here). For each address: the
function around it (its .eh_frame FDE), and the strings that function loads, which in OVS
include the "../dir/file.c:LINE" of every ovs_mutex_lock/ovs_rwlock call and most log
messages; with the OVS source of the same version that names the function.

    /usr/bin/python3 mininet/ovs_addr2src.py [--binary /usr/sbin/ovs-vswitchd] 0x54438 0x64b7f ...

mininet/bench_nat.py uses `describe()` to annotate perf's unresolved ovs-vswitchd addresses."""

import argparse
import bisect
import re
import subprocess

BINARY = '/usr/sbin/ovs-vswitchd'


class Binary:
    def __init__(self, path=BINARY):
        self.path = path
        self.data = open(path, 'rb').read()
        self.segments = []
        for line in subprocess.run(['readelf', '-lW', path], capture_output=True, text=True).stdout.splitlines():
            f = line.split()
            if f and f[0] == 'LOAD':
                offset, vaddr, _paddr, filesz = (int(x, 16) for x in f[1:5])
                self.segments.append((vaddr, offset, filesz))
        frames = subprocess.run(['readelf', '--debug-dump=frames', path], capture_output=True, text=True).stdout
        ranges = sorted((int(a, 16), int(b, 16)) for a, b in re.findall(r'FDE .*pc=([0-9a-f]+)\.\.([0-9a-f]+)', frames))
        self.starts = [a for a, _b in ranges]
        self.ranges = ranges

    def function(self, address):
        i = bisect.bisect_right(self.starts, address) - 1
        if i >= 0 and self.ranges[i][0] <= address < self.ranges[i][1]:
            return self.ranges[i]
        return None

    def string_at(self, vaddr, limit=120):
        for start, offset, size in self.segments:
            if start <= vaddr < start + size:
                at = offset + vaddr - start
                end = self.data.find(b'\0', at, at + limit)
                raw = self.data[at:end if end >= 0 else at + limit]
                if len(raw) >= 4 and all(32 <= c < 127 for c in raw):
                    return raw.decode()
        return None

    def strings_of(self, function):
        lo, hi = function
        asm = subprocess.run(['objdump', '-d', '--no-show-raw-insn', '--start-address=%#x' % lo,
                              '--stop-address=%#x' % hi, self.path], capture_output=True, text=True).stdout
        seen = []
        for target in re.findall(r'lea\s+0x[0-9a-f]+\(%rip\),%\w+\s+#\s+([0-9a-f]+)', asm):
            s = self.string_at(int(target, 16))
            if s and s not in seen:
                seen.append(s)
        return seen

    def describe(self, address):
        function = self.function(address)
        if function is None:
            return 'no FDE for %#x' % address
        strings = self.strings_of(function)
        where = [s for s in strings if re.match(r'\.\./[\w/.-]+\.[ch]:\d+$', s)]
        other = [s for s in strings if s not in where][:3]
        return 'function %#x-%#x (%d B): %s%s' % (
            function[0], function[1], function[1] - function[0], ', '.join(where[:6]) or '(no source locations)',
            ('; strings: ' + ' | '.join(other)) if other else '')


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--binary', default=BINARY)
    ap.add_argument('addresses', nargs='+')
    args = ap.parse_args()
    b = Binary(args.binary)
    for a in args.addresses:
        print('%s %s' % (a, b.describe(int(a, 16))))


if __name__ == '__main__':
    main()
