"""Spawned children never re-run the parent's main script (under Airflow: the ``airflow``
command, which cannot start inside a task process)."""

from __future__ import annotations

import multiprocessing
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

import pytest

from extract.processes import spawning


@pytest.fixture
def hostile_main(tmp_path, monkeypatch):
    """A main script that fails when imported, as ``airflow`` does in a task process."""
    script = tmp_path / "airflow"
    script.write_text("raise RuntimeError('cannot initialise here')\n", encoding="utf-8")
    main = sys.modules["__main__"]
    monkeypatch.setattr(main, "__file__", str(script), raising=False)
    monkeypatch.setattr(main, "__spec__", None, raising=False)
    return script


def test_a_plain_spawned_child_dies_on_such_a_main(hostile_main):
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=context) as pool, pytest.raises(BrokenProcessPool):
        pool.submit(os.getpid).result()


def test_children_spawned_inside_the_block_start_and_main_is_restored(hostile_main):
    with spawning() as context, ProcessPoolExecutor(1, mp_context=context) as pool:
        assert pool.submit(os.getpid).result() != os.getpid()
    assert sys.modules["__main__"].__file__ == str(hostile_main)
