"""Child processes: spawned (never forked), without the parent's main script.

Both pools of the project (the tagger's workers, the validation step's child) run functions of
this package, nothing defined in ``__main__``.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import sys
from collections.abc import Iterator
from multiprocessing.context import SpawnContext


@contextlib.contextmanager
def spawning() -> Iterator[SpawnContext]:
    """The spawn context, with the parent's ``__main__`` hidden from the children started
    while the block runs.

    A spawned child first re-runs the parent's main script (multiprocessing's "fix up main", so
    that functions pickled from it resolve). Under Airflow that script is the ``airflow``
    command, whose import initialises Airflow's settings: in a task process, which has no
    metadata database configured, that raises, and every child dies before it starts ("a process
    in the process pool was terminated abruptly"). Spawn, not fork: the parent may be threaded
    (Airflow's task runner)."""
    main = sys.modules["__main__"]
    saved = {name: getattr(main, name) for name in ("__file__", "__spec__")
             if hasattr(main, name)}
    main.__spec__ = None  # no module name to import the main script by ...
    if "__file__" in saved:
        del main.__file__  # ... and no path to run it from
    try:
        yield multiprocessing.get_context("spawn")
    finally:
        for name, value in saved.items():
            setattr(main, name, value)
