"""Bounded polling: every wait in the tests is wait_until(predicate, timeout, what) or
assert_never(predicate, duration, what); nothing sleeps a fixed time."""

import time


class WaitTimeout(AssertionError):
    """A bounded wait ran out; the message says what we waited for and what we saw."""


class StopWaiting(AssertionError):
    """Raised by a predicate when waiting longer cannot help (e.g. the process died)."""


def wait_until(predicate, timeout, what, interval=0.2):
    """Call predicate() until it returns something truthy and return that value.

    Exceptions from the predicate count as "not yet". After `timeout` seconds raise
    WaitTimeout naming `what`, the last value returned and the last exception."""
    deadline = time.monotonic() + timeout
    last_value, last_error = None, None
    while True:
        try:
            last_value = predicate()
            if last_value:
                return last_value
            last_error = None
        except StopWaiting:
            raise
        except Exception as error:  # noqa: BLE001 - a poll treats any error as "not yet"
            last_error = error
        if time.monotonic() >= deadline:
            break
        time.sleep(interval)
    detail = 'last result: %s' % short(last_value)
    if last_error is not None:
        detail += '; last error: %s: %s' % (type(last_error).__name__, short(last_error))
    raise WaitTimeout('timed out after %.1f s waiting for %s (%s)' % (timeout, what, detail))


def assert_never(predicate, duration, what, interval=0.2):
    """Poll predicate() for `duration` seconds; fail as soon as it is truthy."""
    deadline = time.monotonic() + duration
    while True:
        value = predicate()
        if value:
            raise AssertionError('%s (seen: %s)' % (what, short(value)))
        if time.monotonic() >= deadline:
            return
        time.sleep(interval)


def short(value, limit=1500):
    """value as text for a failure message, cut at `limit` characters."""
    text = repr(value) if not isinstance(value, (str, Exception)) else str(value)
    return text if len(text) <= limit else text[:limit] + '...'
