"""`newsdw tag FILE...`: one JSON line per file, in the order given, on every core."""

from __future__ import annotations

import json
import os
import subprocess

from tests.conftest import BIN, REPO


def test_tag_prints_one_json_line_per_file_in_order_using_worker_processes():
    files = sorted((REPO / "samples").glob("*.txt"))[:3]
    proc = subprocess.run(
        [str(BIN / "newsdw"), "tag", *map(str, files)], capture_output=True, text=True,
        cwd=REPO, check=True,
        env={**os.environ, "NEWSDW_N_PROCESS": "2", "NEWSDW_BATCH_SIZE": "1"},
    )
    lines = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [line["file"] for line in lines] == [str(f) for f in files]
    assert [line["article_id"] for line in lines] == [f.stem for f in files]
    assert all(line["statements"] and line["actors"] for line in lines)
    blinken = lines[0]  # 2024-04-20-blinken-china-visit.txt sorts first
    assert any(a["name"] == "Antony Blinken" for a in blinken["actors"])
    # what the embassy's spokesman did not deny is there, flagged
    denied = [s for s in blinken["statements"] if s["negated"]]
    assert [(s["speaker_actor"]["name"], s["content"]["text"]) for s in denied] == [
        ("Liu Pengyu", "Blinkens' claims")]
