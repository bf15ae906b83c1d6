"""Which failures Airflow retries: the permanent ones are named by class in
newsdw.pipeline.failures (so the DAG file imports nothing heavy); each name must be a real
class of the project, and an instance of it must count as permanent."""

from __future__ import annotations

import errno

import pytest

from expectations.runner import ValidationFailed
from extract.nlp.model import ModelNotFound
from extract.sources.config import SourceConfigError
from newsdw.pipeline.failures import PERMANENT_TYPES, is_permanent
from newsdw.serve.sandbox import QueryRefused
from newsdw.warehouse.dbt_runner import DbtFailed

REAL_CLASSES = {cls.__name__: cls for cls in
                (SourceConfigError, ModelNotFound, ValidationFailed, QueryRefused, DbtFailed)}


def test_every_permanent_type_name_is_a_real_project_class():
    assert set(REAL_CLASSES) == PERMANENT_TYPES


@pytest.mark.parametrize("name", sorted(REAL_CLASSES))
def test_an_instance_of_each_permanent_class_is_not_retried(name):
    cls = REAL_CLASSES[name]
    exc = cls.__new__(cls)  # ValidationFailed wants a report; the class is what counts
    Exception.__init__(exc, "boom")
    assert is_permanent(exc)


def test_a_permanent_error_wrapped_by_another_stays_permanent():
    try:
        try:
            raise SourceConfigError("sources.yml: unknown key 'urll'")
        except SourceConfigError as inner:
            raise RuntimeError("task failed") from inner
    except RuntimeError as outer:
        assert is_permanent(outer)


def test_a_busy_lock_and_a_network_error_are_retried():
    assert not is_permanent(RuntimeError("IO Error: Could not set lock on file"))
    assert not is_permanent(ConnectionResetError(errno.ECONNRESET, "reset by peer"))


def test_a_full_disk_is_not_retried():
    assert is_permanent(OSError(errno.ENOSPC, "No space left on device"))
