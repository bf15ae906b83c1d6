"""Crash points for the crash-safety tests: with NEWSDW_CRASH_AT=<name>, the process kills
itself with SIGKILL at that point, the way a dead worker or an OOM kill would stop it. Unset in
normal runs, where each call is a dictionary lookup."""

from __future__ import annotations

import os
import signal

CRASH_POINTS = ("extract", "tag", "load", "dbt", "publish")


def crash_point(name: str) -> None:
    if os.environ.get("NEWSDW_CRASH_AT") == name:
        os.kill(os.getpid(), signal.SIGKILL)
