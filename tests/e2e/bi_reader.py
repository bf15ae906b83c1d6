"""A BI client for the tests: connects to the BI snapshot through SQLAlchemy and duckdb_engine,
read-only (as Superset does), loops bounded queries and logs every answer as a JSON line.

    python -m tests.e2e.bi_reader --snapshot S --mode hold|fresh --out LOG --stop FILE

`hold` keeps one connection for its whole life (a dashboard with a pooled connection); `fresh`
opens a new connection for every round (NullPool), so it sees a newly published day."""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

QUERIES = {
    "days": "select cast(published_date as varchar), count(*) from marts.articles "
            "group by 1 order by 1",
    "statements": "select count(*) from marts.statements",
    "speakers": "select speaker_name, count(*) as n from marts.statements "
                "where speaker_name is not null group by 1 order by n desc, 1 limit 5",
    "issue_days": "select cast(published_date as varchar), sum(mention_count) "
                  "from marts.issue_daily group by 1 order by 1",
    "loads": "select count(*) from audit.loads",
}


def view(conn) -> dict:
    return {name: [list(row) for row in conn.execute(text(sql)).fetchall()]
            for name, sql in QUERIES.items()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--snapshot", required=True)
    parser.add_argument("--mode", choices=("hold", "fresh"), required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--stop", required=True, help="stop once this file exists")
    parser.add_argument("--interval", type=float, default=0.2)
    parser.add_argument("--max-seconds", type=float, default=900)
    args = parser.parse_args()
    engine = create_engine(
        f"duckdb:///{args.snapshot}", connect_args={"read_only": True},
        **({"poolclass": NullPool} if args.mode == "fresh" else {}),
    )
    stop, deadline = Path(args.stop), time.monotonic() + args.max_seconds
    held = engine.connect() if args.mode == "hold" else None
    with open(args.out, "a", encoding="utf-8") as log:
        while not stop.exists() and time.monotonic() < deadline:
            started = time.time()
            try:
                if held is not None:
                    answer = view(held)
                else:
                    with engine.connect() as conn:
                        answer = view(conn)
                entry = {"t0": started, "t1": time.time(), "ok": True, "view": answer}
            except Exception as exc:  # the test asserts there are none
                entry = {"t0": started, "t1": time.time(), "ok": False, "error": repr(exc)}
            log.write(json.dumps(entry) + "\n")
            log.flush()
            time.sleep(args.interval)
    if held is not None:
        held.close()
    engine.dispose()


if __name__ == "__main__":
    main()
