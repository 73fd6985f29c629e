"""Stopping a process we started: by its PID, never by name."""

import os
import signal
import subprocess


def stop_process(popen, sig=signal.SIGTERM, timeout=5.0):
    """Signal popen by PID; SIGKILL if still there after `timeout` s. Returns its exit code."""
    if popen.poll() is None:
        try:
            os.kill(popen.pid, sig)
            popen.wait(timeout)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.kill(popen.pid, signal.SIGKILL)
            popen.wait(10)
    return popen.returncode
