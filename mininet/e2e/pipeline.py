"""The switch pipeline's table numbers and cookies, read from the controller's source
(nat-app io.natflow.nat.openflow.Tables) so that the tests and the controller cannot drift."""

import re

from e2e.config import REPO_ROOT

TABLES_JAVA = REPO_ROOT / 'nat-app/src/main/java/io/natflow/nat/openflow/Tables.java'
_TABLE = re.compile(r'public static final TableId (\w+) = TableId\.of\((\d+)\);')
_COOKIE = re.compile(r'public static final U64 (\w+) = U64\.of\((0x[0-9a-fA-F_]+)L\);')


def _read_tables():
    text = TABLES_JAVA.read_text()
    tables = {name: int(number) for name, number in _TABLE.findall(text)}
    cookies = {name: int(value.replace('_', ''), 16) for name, value in _COOKIE.findall(text)}
    return tables, cookies


def _need(found, name):
    if name not in found:
        raise LookupError('%s not found in %s (found: %s)' % (name, TABLES_JAVA, sorted(found)))
    return found[name]


_TABLES, _COOKIES = _read_tables()

CLASSIFY_TABLE = _need(_TABLES, 'CLASSIFY')
WATCH_TABLE = _need(_TABLES, 'WATCH')
NAT_TABLE = _need(_TABLES, 'NAT')
ROUTE_TABLE = _need(_TABLES, 'ROUTE')
MISS_TABLE = _need(_TABLES, 'MISS')
UP_TABLE = _need(_TABLES, 'UP')

STATIC_COOKIE = _need(_COOKIES, 'STATIC_COOKIE')      # the router's own flows ("NF") and above
SYN_COOKIE = _need(_COOKIES, 'SYN_COOKIE')
ROUTE_COOKIE = _need(_COOKIES, 'ROUTE_COOKIE')
BACKOFF_COOKIE = _need(_COOKIES, 'BACKOFF_COOKIE')
FRAGMENT_COOKIE = _need(_COOKIES, 'FRAGMENT_COOKIE')


def is_mapping_cookie(cookie):
    """A session flow's cookie is its mapping id: above 0, below the static cookies."""
    return 0 < cookie < STATIC_COOKIE
