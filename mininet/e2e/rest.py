"""HTTP against the controller: raw calls and the REST/admin views the tests read."""

import json
import socket
import urllib.error
import urllib.request

from e2e.config import ADMIN_URL, REST_URL
from e2e.waiting import short


def http_get(url, timeout=3.0, method='GET'):
    """GET (or another method on) url; return (status, body text). HTTP errors return their status too."""
    request = urllib.request.Request(url, headers={'Accept': 'application/json'}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read().decode('utf-8', 'replace')
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode('utf-8', 'replace')


def http_send_json(url, method, body, timeout=5.0):
    """method (POST, PUT) url with a JSON body; return (status, parsed JSON or the raw text)."""
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method=method,
                                     headers={'Content-Type': 'application/json', 'Accept': 'application/json'})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, text = response.status, response.read().decode('utf-8', 'replace')
    except urllib.error.HTTPError as error:
        status, text = error.code, error.read().decode('utf-8', 'replace')
    try:
        return status, json.loads(text)
    except ValueError:
        return status, text


def api(method, path, body=None, token=None, timeout=10.0):
    """(status, parsed JSON or None) of one call to the REST API (path below REST_URL), HTTP errors included."""
    headers = {'Accept': 'application/json'}
    data = None
    if body is not None:
        headers['Content-Type'] = 'application/json'
        data = json.dumps(body).encode()
    if token:
        headers['Authorization'] = 'Bearer ' + token
    request = urllib.request.Request(REST_URL + path, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.loads(response.read() or b'null')
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b'null')


def http_get_json(url, timeout=3.0):
    status, body = http_get(url, timeout)
    if status != 200:
        raise AssertionError('GET %s -> HTTP %d: %s' % (url, status, short(body)))
    return json.loads(body)


def port_open(port, host='127.0.0.1'):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def drops():
    """Drop counters by reason, as GET /api/stats reports them ({'ARP_BINDING_CONFLICT': 1, ...})."""
    return http_get_json(REST_URL + '/api/stats')['drops']


def event_counter(name):
    """A NAT event counter ('arp.host_moved', 'fragment_held', ...) from the admin metrics,
    summed over routers (every counter is registered at start; 0 if the name is unknown)."""
    gauges = http_get_json(ADMIN_URL + '/metrics')['gauges']
    return gauges.get('natflow.events.' + name, {}).get('value', 0)


def mapping_of(protocol, internal_ip, internal_port):
    """The live mapping of internal_ip:internal_port (GET /api/mappings), or None."""
    found = http_get_json('%s/api/mappings?internal=%s:%d&protocol=%s'
                          % (REST_URL, internal_ip, internal_port, protocol))
    return found['items'][0] if found['matched'] == 1 else None
