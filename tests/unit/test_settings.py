"""Settings from the environment, and how many processes a tagging task uses."""

from __future__ import annotations

import os

from newsdw.settings import MIN_ARTICLES_PER_WORKER, Settings


def settings(n_process: int) -> Settings:
    return Settings.from_env().with_overrides(n_process=n_process)


def test_a_configured_process_count_is_used_as_is():
    assert settings(3).processes_for(1) == 3
    assert settings(1).processes_for(100_000) == 1


def test_auto_uses_every_core_once_each_worker_has_enough_articles():
    cores = len(os.sched_getaffinity(0))
    auto = settings(0)
    assert auto.processes_for(MIN_ARTICLES_PER_WORKER * cores) == cores
    assert auto.processes_for(10_000) == cores
    if cores > 1:  # a small day is tagged in this process: a worker costs a model load
        assert auto.processes_for(MIN_ARTICLES_PER_WORKER * cores - 1) == 1


def test_the_environment_sets_the_tagging_knobs(monkeypatch):
    monkeypatch.setenv("NEWSDW_N_PROCESS", "2")
    monkeypatch.setenv("NEWSDW_BATCH_SIZE", "8")
    s = Settings.from_env()
    assert (s.n_process, s.batch_size) == (2, 8)
