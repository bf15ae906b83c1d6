"""Only one writer at a time: a second writer is refused with a message naming the holder."""

import pytest

from newsdw.warehouse.locking import WarehouseBusy, writer_lock


def test_a_second_writer_is_refused_while_the_first_holds_the_lock(tmp_path):
    warehouse = tmp_path / "news.duckdb"
    with (
        writer_lock(warehouse),
        pytest.raises(WarehouseBusy, match=r"being written by pid \d+"),
        writer_lock(warehouse),
    ):
        pass
    with writer_lock(warehouse):  # released on exit: the next writer gets it
        pass
