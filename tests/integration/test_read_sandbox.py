"""Read-only means read-only (issue #17): `newsdw sql`, `newsdw shell` and every other reader of
the BI snapshot (report, summary, guide) open it through `newsdw.serve.sandbox`. Each hostile
statement is run through the library (the statement check, and DuckDB's guards alone without
it) and through the real CLI, on a small real snapshot beside a working warehouse and a fake
repo with dags/: it is refused (non-zero exit, one line on stderr, no traceback) and no file
under the test's directory changes or appears. Legitimate read queries keep working."""

from __future__ import annotations

import contextlib
import hashlib
import os
import select
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from newsdw.serve import guide
from newsdw.serve.sandbox import (
    QueryRefused,
    check_read_query,
    connect_snapshot,
    execute_read,
)
from newsdw.serve.sql_shell import run_query
from newsdw.serve.summary import print_summary
from tests.conftest import BIN, REPO

LONG_TITLE = "Ministers agree " + "a very long headline " * 15 + "end"


@dataclass(frozen=True)
class Site:
    root: Path
    working: Path  # the working warehouse, <root>/wh/news.duckdb
    snapshot: Path  # its BI snapshot, <root>/wh/news_bi.duckdb (what `--warehouse` resolves)
    repo: Path  # a fake repo: dags/ is what the scheduler would import
    csv: Path  # files beside the snapshot that no reader may read
    parquet: Path
    home: Path  # HOME of the CLI runs (DuckDB's extension directory lives below it)

    def fill(self, template: str) -> str:
        return template.format(working=self.working, snapshot=self.snapshot, root=self.root,
                               repo=self.repo, csv=self.csv, parquet=self.parquet)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Site:
    root = tmp_path_factory.mktemp("read_sandbox")
    (root / "wh").mkdir()
    (root / "repo" / "dags").mkdir(parents=True)
    (root / "repo" / "dags" / "news_daily.py").write_text("# the real DAG\n")
    (root / "home").mkdir()
    s = Site(root, root / "wh" / "news.duckdb", root / "wh" / "news_bi.duckdb", root / "repo",
             root / "wh" / "outside.csv", root / "wh" / "outside.parquet", root / "home")
    s.csv.write_text("secret,value\nkey,42\n")
    with duckdb.connect(str(s.working)) as con:
        con.execute("""
            create schema raw;
            create table raw.articles as
              select * from (values ('a1', date '2024-04-20', 'working text'),
                                    ('a2', date '2024-04-20', 'more text')) t(article_id,
                                    published_date, body)
        """)
    with duckdb.connect(str(s.snapshot)) as con:
        con.execute("""
            create schema marts;
            create schema audit;
            create table audit.loads as
              select * from (values ('run_1', date '2024-04-20', 2)) t(run_id, logical_date,
                                                                      articles);
        """)
        con.execute("""
            create table marts.articles as
              select * from (values
                ('a1', date '2024-04-20', 'samples', 'https://news.example.org/a1', 'Short'),
                ('a2', date '2024-04-20', 'samples', 'https://news.example.org/a2', ?)
              ) t(article_id, published_date, source, url, title)
        """, [LONG_TITLE])
        con.execute(f"copy (select 1 as a) to '{s.parquet}' (format parquet)")
    return s


def tree(root: Path) -> dict[str, object]:
    """Every directory and file under `root`: size, mtime and content hash."""
    out: dict[str, object] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames:
            out[os.path.join(dirpath, name)] = "dir"
        for name in filenames:
            path = Path(dirpath, name)
            st = path.stat()
            out[str(path)] = (st.st_size, st.st_mtime_ns,
                              hashlib.sha256(path.read_bytes()).hexdigest())
    return out


def cli(site: Site, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "newsdw"), *args], input=stdin, capture_output=True,
                          text=True, cwd=site.repo, timeout=120,
                          env={**os.environ, "HOME": str(site.home)})


# (id, statement, exit status of `newsdw sql`: 2 refused by the statement check, 1 a DuckDB
# error (its guards), DuckDB's guards alone refuse it too (False: harmless without the check))
HOSTILE = [
    ("attach-working-rw", "ATTACH '{working}' AS w (READ_ONLY false)", 2, True),
    ("attach-then-delete",
     "ATTACH '{working}' AS w (READ_ONLY false); DELETE FROM w.raw.articles", 2, True),
    ("attach-memory", "ATTACH ':memory:' AS m", 2, True),
    ("detach", "DETACH news_bi", 2, True),
    ("copy-over-working", "COPY (SELECT 'x') TO '{working}'", 2, True),
    ("copy-dag-file",
     "COPY (SELECT 'import os' AS line) TO '{repo}/dags/x.py' (HEADER false, QUOTE '')", 2, True),
    ("copy-relative-dag", "COPY (SELECT 1) TO 'dags/y.py'", 2, True),
    ("copy-mart-csv", "COPY marts.articles TO '{root}/out.csv'", 2, True),
    ("copy-from-file", "COPY marts.articles FROM '{csv}'", 2, True),
    ("copy-from-database", "COPY FROM DATABASE news_bi TO memory", 2, True),
    ("export-database", "EXPORT DATABASE '{root}/export'", 2, True),
    ("import-database", "IMPORT DATABASE '{root}/wh'", 2, True),
    ("explain-analyze-copy", "EXPLAIN ANALYZE COPY (SELECT 1) TO '{root}/explain.csv'", 2, True),
    ("read-text-passwd", "SELECT * FROM read_text('/etc/passwd')", 1, True),
    ("read-csv-passwd", "SELECT * FROM read_csv('/etc/passwd')", 1, True),
    ("read-blob-working", "SELECT * FROM read_blob('{working}')", 1, True),
    ("read-parquet-outside", "SELECT * FROM read_parquet('{parquet}')", 1, True),
    ("parquet-metadata", "SELECT * FROM parquet_metadata('{parquet}')", 1, True),
    ("read-json", "SELECT * FROM read_json_auto('{csv}')", 1, True),
    ("sniff-csv", "SELECT * FROM sniff_csv('{csv}')", 1, True),
    ("read-duckdb-working", "SELECT * FROM read_duckdb('{working}')", 1, True),
    ("replacement-scan-csv", "SELECT * FROM '{csv}'", 1, True),
    ("glob-root", "SELECT * FROM glob('/*')", 1, True),
    ("describe-file", "DESCRIBE '{csv}'", 1, True),
    ("summarize-file", "SUMMARIZE SELECT * FROM read_csv('{csv}')", 1, True),
    ("explain-read-file", "EXPLAIN ANALYZE SELECT * FROM read_text('/etc/passwd')", 1, True),
    ("query-function-copy", "SELECT * FROM query('COPY marts.articles TO ''{root}/q.csv''')", 1,
     True),
    ("getenv", "SELECT getenv('HOME')", 1, True),
    ("load-httpfs", "LOAD httpfs", 2, True),
    ("install-httpfs", "INSTALL httpfs", 2, True),
    ("force-install", "FORCE INSTALL httpfs", 2, True),
    ("update-extensions", "UPDATE EXTENSIONS", 2, True),
    ("pragma-profiling-output", "PRAGMA profiling_output = '{root}/profile.json'", 2, True),
    ("pragma-enable-profiling", "PRAGMA enable_profiling", 2, True),
    ("call-enable-logging", "CALL enable_logging()", 2, True),
    ("call-procedure", "CALL pragma_version()", 2, False),
    ("set-memory-limit", "SET memory_limit = '1GB'", 2, True),
    ("reset-memory-limit", "RESET memory_limit", 2, True),
    ("set-external-access", "SET enable_external_access = true", 2, True),
    ("set-unlock", "SET lock_configuration = false", 2, True),
    ("set-temp-directory", "SET temp_directory = '{repo}/dags'", 2, True),
    ("set-allowed-directories", "SET allowed_directories = ['/']", 2, True),
    ("set-variable", "SET VARIABLE x = 1", 2, False),
    ("use", "USE memory", 2, True),
    ("create-table", "CREATE TABLE marts.x AS SELECT 1 AS a", 2, True),
    ("create-temp-table", "CREATE TEMP TABLE t AS SELECT 1 AS a", 2, False),
    ("create-macro", "CREATE MACRO m() AS 1", 2, True),
    ("create-secret", "CREATE SECRET s (TYPE s3, KEY_ID 'a', SECRET 'b')", 2, True),
    ("create-persistent-secret", "CREATE PERSISTENT SECRET p (TYPE s3, KEY_ID 'a', SECRET 'b')",
     2, True),
    ("insert", "INSERT INTO marts.articles SELECT * FROM marts.articles", 2, True),
    ("update", "UPDATE marts.articles SET title = 'x'", 2, True),
    ("delete", "DELETE FROM marts.articles", 2, True),
    ("truncate", "TRUNCATE marts.articles", 2, True),
    ("drop", "DROP TABLE marts.articles", 2, True),
    ("alter", "ALTER TABLE marts.articles ADD COLUMN x INT", 2, True),
    ("select-then-delete", "SELECT 1; DELETE FROM marts.articles", 2, True),
    ("two-selects", "SELECT 1; SELECT 2", 2, False),
    ("checkpoint", "CHECKPOINT", 2, False),
    ("vacuum", "VACUUM", 2, False),
    ("begin", "BEGIN TRANSACTION", 2, False),
    ("prepare", "PREPARE p AS SELECT 1", 2, False),
]
IDS = [h[0] for h in HOSTILE]


@pytest.mark.parametrize(("name", "template", "code", "wall"), HOSTILE, ids=IDS)
def test_hostile_statement_is_refused_by_the_library(site, capsys, monkeypatch, name, template,
                                                     code, wall):
    monkeypatch.chdir(site.repo)  # relative paths point into the fake repo, never the real one
    sql = site.fill(template)
    before = tree(site.root)
    with connect_snapshot(site.snapshot) as con:
        expected = QueryRefused if code == 2 else duckdb.Error
        with pytest.raises(expected):
            execute_read(con, sql).fetchall()
    # DuckDB's guards alone (no statement check): the real wall
    with connect_snapshot(site.snapshot) as con:
        if wall:
            with pytest.raises(duckdb.Error):
                con.execute(sql).fetchall()
        else:
            with contextlib.suppress(duckdb.Error):
                con.execute(sql).fetchall()
    assert run_query(site.snapshot, sql, "tsv") == code
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("newsdw sql: ") and err.count("\n") == 1, err
    assert tree(site.root) == before


@pytest.mark.parametrize(("name", "template", "code", "wall"), HOSTILE, ids=IDS)
def test_hostile_statement_is_refused_by_the_cli(site, name, template, code, wall):
    sql = site.fill(template)
    before = tree(site.root)
    proc = cli(site, "sql", sql, "--warehouse", str(site.working))
    assert proc.returncode == code, proc.stderr
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("newsdw sql: "), proc.stderr
    if code == 2:
        assert lines[0].startswith("newsdw sql: refused: ")
    assert "root:" not in proc.stderr  # nothing of /etc/passwd
    assert tree(site.root) == before


def test_refusals_say_why_in_one_line(site):
    with connect_snapshot(site.snapshot) as con:
        def reason(sql: str) -> str:
            with pytest.raises(QueryRefused) as refused:
                check_read_query(con, sql)
            assert "\n" not in str(refused.value)
            return str(refused.value)

        assert reason("COPY marts.articles TO 'x.csv'").startswith("refused: COPY writes")
        assert "ATTACH opens other databases" in reason("attach 'x.duckdb'")
        assert "RESET changes settings" in reason("reset threads")
        assert "INSTALL installs or loads extensions" in reason("-- c\ninstall httpfs")
        assert "CREATE SECRET stores credentials" in reason("create secret (type s3)")
        assert "2 statements" in reason("select 1; select 2")
        assert "EXPLAIN of DELETE" in reason("explain analyze delete from marts.articles")
        assert "IN list" in reason("pivot marts.articles on source")
        assert "no statement" in reason("  -- nothing")
        with pytest.raises(duckdb.ParserException):  # a typo is an error, not a refusal
            check_read_query(con, "selec 1")


def test_duckdb_guards_are_set_and_locked(site):
    with connect_snapshot(site.snapshot) as con:
        settings = dict(con.execute(
            "select name, value from duckdb_settings() where name in ('access_mode', "
            "'enable_external_access', 'lock_configuration', 'autoload_known_extensions', "
            "'autoinstall_known_extensions', 'allow_community_extensions', "
            "'allow_persistent_secrets')").fetchall())
        assert settings == {
            "access_mode": "read_only", "enable_external_access": "false",
            "lock_configuration": "true", "autoload_known_extensions": "false",
            "autoinstall_known_extensions": "false", "allow_community_extensions": "false",
            "allow_persistent_secrets": "false",
        }
        with pytest.raises(duckdb.Error, match="locked"):
            con.execute("SET enable_external_access = true")


READS = [
    ("join", "SELECT a.article_id, l.run_id FROM marts.articles a "
             "JOIN audit.loads l ON l.logical_date = a.published_date ORDER BY 1",
     ["article_id", "run_id"], [["a1", "run_1"], ["a2", "run_1"]]),
    ("with", "WITH t AS (SELECT count(*) AS n FROM marts.articles) SELECT n FROM t", ["n"],
     [["2"]]),
    ("values", "VALUES (1, 'x')", ["col0", "col1"], [["1", "x"]]),
    ("from-first", "FROM marts.articles SELECT source LIMIT 1", ["source"], [["samples"]]),
    ("information-schema", "SELECT table_schema, table_name FROM information_schema.tables "
                           "ORDER BY 1, 2", ["table_schema", "table_name"],
     [["audit", "loads"], ["marts", "articles"]]),
    ("duckdb-tables", "SELECT schema_name, table_name FROM duckdb_tables() ORDER BY 1, 2",
     ["schema_name", "table_name"], [["audit", "loads"], ["marts", "articles"]]),
    ("describe", "DESCRIBE marts.articles", None, None),
    ("show-tables", "SHOW ALL TABLES", None, None),
    ("summarize", "SUMMARIZE marts.articles", None, None),
    ("explain", "EXPLAIN SELECT count(*) FROM marts.articles", None, None),
    ("explain-analyze", "EXPLAIN ANALYZE SELECT count(*) FROM marts.articles", None, None),
    ("pivot-in-list", "PIVOT marts.articles ON source IN ('samples') USING count(*) "
                      "GROUP BY published_date", ["published_date", "samples"],
     [["2024-04-20", "2"]]),
    ("current-setting", "SELECT current_setting('enable_external_access') AS external",
     ["external"], [["false"]]),
]


@pytest.mark.parametrize(("name", "sql", "header", "rows"), READS, ids=[r[0] for r in READS])
def test_read_queries_still_work(site, name, sql, header, rows):
    before = tree(site.root)
    with connect_snapshot(site.snapshot) as con:
        assert execute_read(con, sql).fetchall()
    proc = cli(site, "sql", sql, "--warehouse", str(site.working))
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr
    lines = [line.split("\t") for line in proc.stdout.splitlines()]
    assert len(lines) >= 2
    if header is not None:
        assert lines[0] == header and lines[1:] == rows
    assert tree(site.root) == before


def test_piped_output_cuts_nothing(site):
    sql = "SELECT title AS the_full_title_of_the_article_as_published_by_the_source, url " \
          "FROM marts.articles ORDER BY article_id"
    tsv = cli(site, "sql", sql, "--warehouse", str(site.working))
    assert tsv.returncode == 0
    assert tsv.stdout.splitlines() == [
        "the_full_title_of_the_article_as_published_by_the_source\turl",
        "Short\thttps://news.example.org/a1", f"{LONG_TITLE}\thttps://news.example.org/a2"]
    table = cli(site, "sql", sql, "--warehouse", str(site.working), "--format", "table")
    assert table.returncode == 0
    assert "the_full_title_of_the_article_as_published_by_the_source" in table.stdout
    assert LONG_TITLE in table.stdout and "…" not in table.stdout
    csv = cli(site, "sql", sql, "--warehouse", str(site.working), "--format", "csv")
    assert csv.stdout.splitlines()[2] == f"{LONG_TITLE},https://news.example.org/a2"


def test_shell_runs_meta_commands_refuses_writes_and_carries_on(site):
    before = tree(site.root)
    session = "\n".join([
        ".help", ".tables", ".schema marts.articles", ".schema nope",
        f"COPY marts.articles TO '{site.root}/shell.csv';",
        "SELECT count(*) AS n", "  FROM marts.articles;",
        "selec 1;",
        "SET enable_external_access = true;",
        f"SELECT * FROM read_text('{site.csv}');",
        "SELECT 'still here' AS status;",
        ".quit", "SELECT 'not reached';",
    ]) + "\n"
    proc = cli(site, "shell", "--warehouse", str(site.working), stdin=session)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "Traceback" not in out + proc.stderr
    assert ".schema [TABLE]" in out  # .help
    assert "articles" in out and "loads" in out  # .tables
    assert "CREATE TABLE marts.articles(" in out  # .schema
    assert "no table or view named nope" in out
    assert "refused: COPY writes or reads files" in out
    assert "refused: SET changes settings" in out
    assert 'syntax error at or near "selec"' in out
    assert "file system operations are disabled" in out
    assert "still here" in out and "not reached" not in out
    assert "secret,value" not in out  # nothing of outside.csv
    assert tree(site.root) == before


def _read_until(fd: int, marker: bytes, seen: bytearray, timeout: float = 60) -> None:
    end = time.monotonic() + timeout
    while marker not in seen:
        if time.monotonic() > end:
            raise AssertionError(f"no {marker!r} in {bytes(seen)!r}")
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                seen += os.read(fd, 65536)
            except OSError:
                break


@pytest.mark.skipif(os.name != "posix", reason="needs a pseudo-terminal")
def test_shell_ctrl_c_clears_the_statement_and_interrupts_a_query(site):
    import pty

    pid, fd = pty.fork()
    if pid == 0:  # the child: the real CLI on a terminal
        try:
            os.chdir(site.repo)
            os.execve(str(BIN / "newsdw"), ["newsdw", "shell", "--warehouse",
                                            str(site.working)],
                      {**os.environ, "HOME": str(site.home), "TERM": "dumb"})
        finally:
            os._exit(127)
    seen, status = bytearray(), None
    try:
        _read_until(fd, b"newsdw> ", seen)
        os.write(fd, b"SELECT 'half typed' AS a,\n")
        _read_until(fd, b"...> ", seen)
        time.sleep(0.5)  # a person, not a race with readline setting up the prompt
        os.write(fd, b"\x03")  # Ctrl-C: the half-typed statement is dropped...
        time.sleep(0.5)
        os.write(fd, b"SELECT 'after ctrl-c' AS b;\n")
        _read_until(fd, b"after ctrl-c ", seen)  # ...else this would be a syntax error
        os.write(fd, b"SELECT count(*) FROM range(3000000000) t1, range(1000) t2;\n")
        time.sleep(2)
        os.write(fd, b"\x03")  # Ctrl-C: the running query stops, the shell carries on
        _read_until(fd, b"interrupted", seen)
        os.write(fd, b"SELECT 'alive' AS c;\n")
        _read_until(fd, b"alive ", seen)
        os.write(fd, b".quit\n")
        _, status = os.waitpid(pid, 0)
    finally:
        if status is None:  # a failed step above: do not leave the shell running
            os.kill(pid, 9)
            os.waitpid(pid, 0)
        os.close(fd)
    text = seen.decode(errors="replace")
    assert os.waitstatus_to_exitcode(status) == 0, text
    assert "Traceback" not in text and "Error" not in text, text


def test_summary_reads_snapshot_and_working_warehouse_in_the_sandbox(site, capsys):
    before = tree(site.root)
    print_summary(site.snapshot)
    print_summary(site.working)
    out = capsys.readouterr().out
    assert "marts.articles" in out and "raw.articles" in out
    proc = cli(site, "summary", "--warehouse", str(site.working), "--working")
    assert proc.returncode == 0 and "raw.articles" in proc.stdout, proc.stderr
    assert tree(site.root) == before


def test_guide_queries_run_in_the_sandbox_and_a_hostile_one_is_refused(site, tmp_path, capsys):
    queries = tmp_path / "queries.yml"
    queries.write_text(
        "queries:\n"
        "  - name: articles\n    question: How many?\n"
        "    sql: select count(*) as articles from marts.articles\n"
        "    expect: {columns: [articles], rows: [{articles: 2}]}\n"
        "  - name: sneaky\n    question: Export?\n"
        f"    sql: \"copy marts.articles to '{site.root}/guide.csv'\"\n"
    )
    before = tree(site.root)
    assert guide.check_guide(site.snapshot, tmp_path / "guide.md", queries, write=False) == 1
    err = capsys.readouterr().err
    assert "articles:" not in err
    assert "sneaky: refused: COPY writes or reads files" in err
    assert tree(site.root) == before


def test_every_reader_opens_the_snapshot_through_the_sandbox():
    for path in sorted((REPO / "newsdw" / "serve").glob("*.py")):
        if path.name == "sandbox.py":
            continue
        text = path.read_text(encoding="utf-8")
        assert "duckdb.connect(" not in text, f"{path.name} opens DuckDB itself"
