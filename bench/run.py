"""Throughput benchmark: one synthetic day of news through bare spaCy, the tagger and the whole
daily pipeline, on this machine. ``python -m bench.run [--n 200] [--history-days 3] [--quick]``

Every measurement runs in a fresh child process (``python -m bench.run --step ...``) that
reports JSON, so the peak memory is per measurement; the parent samples the resident memory of
the child's whole process tree (spaCy workers, dbt) while it runs. Measurements, on the same
corpus (see ``bench/README.md`` for what each figure means):

1. ``baseline``: bare spaCy ``nlp.pipe`` with the configured model, one process;
2. ``parallel``: the same with ``n_process`` = all cores;
3. ``tag``: ``Tagger.tag_many`` with the project's settings (``NEWSDW_N_PROCESS``,
   ``NEWSDW_BATCH_SIZE``), plus a one-process run when those settings use more processes;
4. ``daily``: the whole daily run (extract, tag, load, validate raw, dbt build, validate marts,
   publish) through the step functions of ``newsdw.pipeline.steps`` in DAG order, on an empty
   warehouse; with ``--airflow`` also ``newsdw run`` (the real DAG in the embedded Airflow);
5. ``history``: the same daily run on a warehouse that already holds H earlier days of the same
   size (the day (4) staged, replayed under earlier dates), against (4): how the cost of a day
   grows with history.

Results: printed, and written to ``bench/results/<timestamp>.json`` and
``bench/results/latest.json``.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import logging
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RESULTS_DIR = REPO / "bench" / "results"
DEFAULT_DATE = dt.date(2024, 5, 1)
# About 15 minutes (default) and 7 minutes (--quick) on 2 idle cores: the small English model
# tags some 2,500-3,000 words/s per core, an article has ~850 words, and every daily run pays about
# 30 CPU seconds for validation and dbt. The full-size run: --n 10000 --history-days 30.
DEFAULT_N, DEFAULT_HISTORY = 200, 3
QUICK_N, QUICK_HISTORY = 100, 1
GIB = 1024**3

# Targets of the throughput issue; printed as PASS/FAIL, never asserted.
TARGET_DAILY_VS_BASELINE = 1.5  # the daily run's words/s >= 1.5x bare 1-process spaCy
TARGET_TAG_COST = 1.3  # tagging (1 process) costs <= 1.3x bare nlp.pipe (1 process)
# newsdw tag (the whole NLP layer, all cores) takes no longer than bare 1-process nlp.pipe
TARGET_TAG_ALL_CORES = 1.0
TARGET_POST_TAG_SHARE = 0.10  # load + validate + dbt + validate + publish <= 10% of the run
TARGET_RSS_BYTES = 2 * GIB  # peak RSS of the daily run (10,000 articles) < 2 GiB
TARGET_HISTORY_RATIO = 1.2  # a day after H days of history costs <= 1.2x the first day
TARGET_SCALE_N = 10_000  # the post-tagging share and RSS targets are defined at this size

DAILY_STEPS = ("extract", "tag", "load", "validate_raw", "dbt_build", "validate_marts",
               "publish")
POST_TAG_STEPS = ("load", "validate_raw", "dbt_build", "validate_marts", "publish")


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


# =============================================================================================
# Child side: one measurement in this process, reported as JSON.
# =============================================================================================


def _cpu() -> float:
    """CPU seconds (user + system) of this process and its reaped children so far."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(
        resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def read_corpus(folder: Path, limit: int | None = None) -> list[tuple[str, str]]:
    """(article_id, body) of the landing files (the first `limit`, by name), bodies parsed as
    the pipeline parses them."""
    from extract.sources.documents import parse_text_article

    return [
        (p.stem, parse_text_article(p.read_text(encoding="utf-8")).body)
        for p in sorted(folder.glob("*.txt"))[:limit]
    ]


def _settings(warehouse: Path | None = None, sources: Path | None = None):
    from newsdw.settings import Settings

    return Settings.from_env(warehouse=warehouse, sources_file=sources)


def spacy_batch_size(articles: int, configured: int) -> int:
    """The project's batch size, capped so that with every core each worker still gets a few
    batches (a small corpus in one batch would leave all but one worker idle)."""
    return max(1, min(configured, -(-articles // (4 * cores()))))


def step_spacy(corpus: Path, n_process: int, batch_size: int | None,
               limit: int | None = None) -> dict:
    """Bare spaCy: ``spacy.load(model)`` with every default component, ``nlp.pipe``."""
    import spacy

    from extract.nlp.model import resolve_model_name

    settings = _settings()
    items = read_corpus(corpus, limit)
    texts = [body for _, body in items]
    batch = batch_size or spacy_batch_size(len(texts), settings.batch_size)
    name = resolve_model_name(settings.spacy_model)
    t0 = time.perf_counter()
    nlp = spacy.load(name)
    loaded, cpu = time.perf_counter(), _cpu()
    tokens = 0
    for doc in nlp.pipe(texts, batch_size=batch, n_process=n_process):
        tokens += len(doc)
    done = time.perf_counter()
    return {
        "seconds": done - loaded, "cpu_seconds": _cpu() - cpu, "load_seconds": loaded - t0,
        "articles": len(texts),
        "words": sum(len(t.split()) for t in texts), "tokens": tokens, "model": name,
        "pipe_names": nlp.pipe_names, "n_process": n_process, "batch_size": batch,
    }


def step_tag(corpus: Path, n_process: int | None, batch_size: int | None,
             limit: int | None = None) -> dict:
    """``newsdw tag`` equivalent: ``Tagger.tag_many`` with the project's settings."""
    from extract.nlp.tagger import Tagger

    settings = _settings()
    items = read_corpus(corpus, limit)
    n_proc = n_process or settings.processes_for(len(items))
    batch = batch_size or settings.batch_size
    t0 = time.perf_counter()
    tagger = Tagger(model_name=settings.spacy_model)
    loaded, cpu = time.perf_counter(), _cpu()
    counts = {"statements": 0, "actors": 0, "entities": 0, "issues": 0}
    kinds: dict[str, int] = {}
    for tagged in tagger.tag_many(items, batch_size=batch, n_process=n_proc):
        counts["statements"] += len(tagged.statements)
        counts["actors"] += len(tagged.actors)
        counts["entities"] += len(tagged.entities)
        counts["issues"] += len(tagged.issues)
        for s in tagged.statements:
            kinds[s.kind] = kinds.get(s.kind, 0) + 1
    done = time.perf_counter()
    return {
        "seconds": done - loaded, "cpu_seconds": _cpu() - cpu, "load_seconds": loaded - t0,
        "articles": len(items),
        "words": sum(len(body.split()) for _, body in items), "n_process": n_proc,
        "batch_size": batch, "pipe_names": tagger.nlp.pipe_names, **counts,
        "statement_kinds": kinds,
    }


# The pipeline functions newsdw.pipeline.runner.run_day calls, and the name each is timed under.
STEP_FUNCTIONS = {
    "extract_step": lambda args: "extract",
    "tag_step": lambda args: "tag",
    "load_step": lambda args: "load",
    "validate_step": lambda args: f"validate_{args[1]}",  # (ctx, "raw" | "marts", ...)
    "transform_step": lambda args: "dbt_build",
    "publish_step": lambda args: "publish",
}


@contextlib.contextmanager
def timed_steps(times: dict[str, float], cpu_times: dict[str, float], calls: dict[str, int],
                current: list[str]):
    """Time every pipeline step function (wall and CPU seconds) while the block runs (module
    attributes wrapped and restored: ``newsdw.pipeline.runner`` looks them up at call time)."""
    from newsdw.pipeline import steps

    originals = {name: getattr(steps, name) for name in STEP_FUNCTIONS}

    def wrap(name, func):
        def timed(*args, **kwargs):
            label = STEP_FUNCTIONS[name](args)
            current.append(label)
            calls[label] = calls.get(label, 0) + 1
            t, cpu = time.perf_counter(), _cpu()
            try:
                return func(*args, **kwargs)
            finally:
                times[label] = times.get(label, 0.0) + time.perf_counter() - t
                cpu_times[label] = cpu_times.get(label, 0.0) + _cpu() - cpu
        return timed

    for name, func in originals.items():
        setattr(steps, name, wrap(name, func))
    try:
        yield
    finally:
        for name, func in originals.items():
            setattr(steps, name, func)


def daily_run(date: dt.date, sources: Path, warehouse: Path, run_id: str) -> dict:
    """One daily run in-process: ``newsdw.pipeline.runner.run_day``, the step functions of
    ``newsdw.pipeline.steps`` in the order of the news_daily DAG (tag shards one after the other,
    as ``airflow dags test`` runs mapped tasks), each step timed. A failing step is named
    with its error; later steps do not run (as in the DAG)."""
    from newsdw.pipeline.context import RunContext
    from newsdw.pipeline.runner import run_day

    settings = _settings(warehouse, sources)
    ctx = RunContext(logical_date=date, run_id=run_id, settings=settings)
    times: dict[str, float] = {}
    cpu_times: dict[str, float] = {}
    calls: dict[str, int] = {}
    current: list[str] = []
    out: dict = {"date": date.isoformat(), "ok": False, "times": times, "cpu_times": cpu_times}
    t_start, cpu = time.perf_counter(), _cpu()
    try:
        with timed_steps(times, cpu_times, calls, current):
            done = run_day(ctx, _now())
        out["extract"] = {k: done["extracted"][k]
                          for k in ("articles", "duplicates", "quarantined")}
        out["articles"] = done["extracted"]["articles"]
        out["load"] = done["loaded"]
        out["ok"] = True
    except Exception as exc:  # reported, not raised: the parent prints which step failed
        out["failed_step"] = current[-1] if current else "start"
        out["error"] = f"{type(exc).__name__}: {exc}"[:4000]
    out["seconds"] = time.perf_counter() - t_start
    out["cpu_seconds"] = _cpu() - cpu
    out["shards"] = calls.get("tag", 0)
    out["words"] = _staged_words(ctx)
    return out


def _staged_words(ctx) -> int | None:
    from newsdw.warehouse import staging

    path = ctx.staged("articles")
    if not path.exists():
        return None
    return sum(w or 0 for w in staging.read_table(path, ["word_count"]).column(0).to_pylist())


def step_daily(date: dt.date, sources: Path, warehouse: Path) -> dict:
    return daily_run(date, sources, warehouse, f"bench__{date.isoformat()}")


# Columns that identify an article or a row of it (or point at one): a replayed day gets them
# suffixed, so its copies are new articles to the warehouse, not duplicates of the original.
REPLAY_ID_COLUMNS = frozenset({
    "article_id", "mention_id", "statement_id", "issue_mention_id", "issue_score_id",
    "quarantine_id",
    "story_id", "duplicate_of", "content_hash", "url", "canonical_url", "location",
})
REPLAY_SHIFTED_COLUMNS = frozenset({"published_at", "published_date", "extracted_at"})


def replay_staging(source_dir: Path, target_dir: Path, days_back: int, suffix: str) -> int:
    """Copy a day's staged Parquet (extract and tag outputs) as another day's: ids suffixed,
    dates moved `days_back` days earlier. Returns the number of tag shards."""
    import duckdb

    from extract import ids
    from newsdw.warehouse.publish import sql_string

    shutil.rmtree(target_dir, ignore_errors=True)
    con = duckdb.connect()
    for src in sorted(source_dir.rglob("*.parquet")):
        dst = target_dir / src.relative_to(source_dir)
        dst.parent.mkdir(parents=True, exist_ok=True)
        columns = [row[0] for row in con.execute(
            "select name from parquet_schema(?) where num_children is null", [str(src)]
        ).fetchall()]
        exprs = []
        for col in columns:
            if col in REPLAY_ID_COLUMNS:
                exprs.append(f"{col} || '{suffix}' as {col}")
            elif col in REPLAY_SHIFTED_COLUMNS:
                shifted = f"{col} - interval {days_back} day"
                exprs.append(f"cast({shifted} as date) as {col}" if col.endswith("_date")
                             else f"{shifted} as {col}")
            else:
                exprs.append(col)
        con.execute(f"copy (select {', '.join(exprs)} from read_parquet({sql_string(src)})) "
                    f"to {sql_string(dst)} (format parquet)")
    con.close()
    summary = json.loads((source_dir / "extract_summary.json").read_text(encoding="utf-8"))
    summary["logical_date"] = target_dir.name
    summary["load_id"] = "load_" + ids.stable_id(summary["load_id"], suffix)
    (target_dir / "extract_summary.json").write_text(json.dumps(summary), encoding="utf-8")
    return len(list((target_dir / "tags").glob("shard-*")))


def step_replay(dates: list[dt.date], measured: dt.date, fresh: Path, warehouse: Path) -> dict:
    """Build a history cheaply (set-up, not a measurement): the measured day as the fresh run
    (4) staged it, replayed under each earlier date through the real load step, then one full
    dbt build, as if every day had been run. Tagging 30 days of 10,000 articles would take
    days on 2 cores; what a later day's cost can grow with is what the warehouse holds, and a
    replay holds the same as real days of that size. The history is then published once."""
    from newsdw.pipeline import steps
    from newsdw.pipeline.context import RunContext
    from newsdw.warehouse.dbt_runner import run_dbt

    settings = _settings(warehouse)
    source = _settings(fresh).staging_dir(measured.isoformat())
    t0, cpu = time.perf_counter(), _cpu()
    counts = {}
    for date in dates:
        ctx = RunContext(logical_date=date, run_id=f"bench_replay__{date}", settings=settings)
        days_back = (measured - date).days
        shards = replay_staging(source, ctx.staging_dir, days_back, f"~{date.isoformat()}")
        loaded = steps.load_step(ctx, _now(), shards=shards)
        counts[date.isoformat()] = loaded["articles"]
        shutil.rmtree(ctx.staging_dir, ignore_errors=True)
        print(f"replayed {date}: {loaded['articles']} articles", file=sys.stderr, flush=True)
    loaded_s = time.perf_counter() - t0
    run_dbt(settings, "build", "--exclude-resource-type", "unit_test")  # every date
    # ... and published, so the measured day finds yesterday's snapshot and export, as a daily
    # run does (publishing updates them by date)
    steps.publish_step(ctx)
    return {"ok": True, "seconds": time.perf_counter() - t0, "cpu_seconds": _cpu() - cpu,
            "load_seconds": loaded_s, "articles": counts}


def child_main(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    t0 = time.perf_counter()
    if args.step in ("baseline", "parallel"):
        result = step_spacy(args.corpus, args.n_process or 1, args.batch_size, args.limit)
    elif args.step == "tag":
        result = step_tag(args.corpus, args.n_process, args.batch_size, args.limit)
    elif args.step == "daily":
        result = step_daily(args.date, args.sources, args.warehouse)
    elif args.step == "replay":
        result = step_replay(args.dates, args.date, args.fresh, args.warehouse)
    else:
        raise SystemExit(f"unknown step {args.step!r}")
    result["wall_seconds"] = time.perf_counter() - t0
    result["process_cpu_seconds"] = _cpu()
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(
        resource.RUSAGE_CHILDREN)
    result["ru_maxrss_self_bytes"] = me.ru_maxrss * 1024  # Linux reports KiB
    result["ru_maxrss_children_bytes"] = kids.ru_maxrss * 1024
    args.result.write_text(json.dumps(result, indent=2, default=str), encoding="utf-8")
    return 0 if result.get("ok", True) else 1


# =============================================================================================
# Parent side: corpus, child processes, memory sampling, report.
# =============================================================================================


class TreeMemory:
    """Samples the resident memory of a process and all its descendants (psutil; without it,
    only the child's own getrusage figures are reported)."""

    def __init__(self, pid: int, interval: float = 0.1):
        self.pid = pid
        self.interval = interval
        self.peak_tree = 0
        self.peak_process = 0
        self.peak_processes = 0
        self.available = True
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        try:
            import psutil
        except ImportError:
            self.available = False
            return
        try:
            root = psutil.Process(self.pid)
        except psutil.NoSuchProcess:
            return
        while not self._stop.is_set():
            try:
                procs = [root, *root.children(recursive=True)]
            except psutil.NoSuchProcess:
                return
            total = 0
            for p in procs:
                try:
                    rss = p.memory_info().rss
                except (psutil.NoSuchProcess, psutil.AccessDenied):
                    continue
                total += rss
                self.peak_process = max(self.peak_process, rss)
            self.peak_tree = max(self.peak_tree, total)
            self.peak_processes = max(self.peak_processes, len(procs))
            self._stop.wait(self.interval)


def run_child(name: str, child_args: list[str], work: Path, env: dict | None = None) -> dict:
    """Run ``python -m bench.run --step ...`` in a fresh process; return its JSON result with
    the peak memory of its process tree."""
    result_file = work / "results" / f"{name}.json"
    log_file = work / "logs" / f"{name}.log"
    result_file.parent.mkdir(parents=True, exist_ok=True)
    log_file.parent.mkdir(parents=True, exist_ok=True)
    result_file.unlink(missing_ok=True)
    cmd = [sys.executable, "-m", "bench.run", *child_args, "--result", str(result_file)]
    load_before = os.getloadavg()[0]
    t0 = time.perf_counter()
    with open(log_file, "w", encoding="utf-8") as log:
        proc = subprocess.Popen(cmd, cwd=REPO, stdout=log, stderr=subprocess.STDOUT,
                                env={**os.environ, **(env or {})})
        with TreeMemory(proc.pid) as mem:
            code = proc.wait()
    wall = time.perf_counter() - t0
    if result_file.exists():
        result = json.loads(result_file.read_text(encoding="utf-8"))
    else:
        tail = log_file.read_text(encoding="utf-8", errors="replace")[-3000:]
        result = {"ok": False, "error": f"child exited {code} without a result:\n{tail}"}
    result.setdefault("ok", code == 0)
    result.update(_memory(result, mem))
    result.update({"exit_code": code, "process_seconds": wall, "log": str(log_file),
                   "loadavg_before": round(load_before, 2),
                   "loadavg_after": round(os.getloadavg()[0], 2)})
    return result


def _memory(result: dict, mem: TreeMemory) -> dict:
    own = max(result.get("ru_maxrss_self_bytes", 0), result.get("ru_maxrss_children_bytes", 0))
    if mem.available and mem.peak_tree:
        return {"peak_rss_bytes": max(mem.peak_tree, own), "peak_rss_source": "tree",
                "peak_rss_largest_process_bytes": max(mem.peak_process, own),
                "max_processes": mem.peak_processes}
    return {"peak_rss_bytes": own or None, "peak_rss_source": "getrusage"}


def run_command(name: str, cmd: list[str], work: Path) -> dict:
    """Time an external command (``newsdw run``) with the same memory sampling."""
    log_file = work / "logs" / f"{name}.log"
    log_file.parent.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    with open(log_file, "w", encoding="utf-8") as log:
        proc = subprocess.Popen(cmd, cwd=REPO, stdout=log, stderr=subprocess.STDOUT)
        with TreeMemory(proc.pid) as mem:
            code = proc.wait()
    result = {"ok": code == 0, "exit_code": code, "seconds": time.perf_counter() - t0,
              "log": str(log_file)}
    if code != 0:
        result["error"] = log_file.read_text(encoding="utf-8", errors="replace")[-3000:]
    result.update(_memory(result, mem))
    return result


def write_sources(path: Path, landing: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "sources:\n"
        "  - name: bench\n"
        "    type: folder\n"
        f"    path: {json.dumps(str(landing))}\n"
        "    language: en\n",
        encoding="utf-8",
    )
    return path


def _rate(result: dict, key: str = "seconds") -> tuple[float | None, float | None]:
    seconds, words, articles = result.get(key), result.get("words"), result.get("articles")
    if not result.get("ok", True) or not seconds:
        return None, None
    return (words / seconds if words else None, articles / seconds if articles else None)


def _gib(n: int | None) -> str:
    return "-" if not n else f"{n / GIB:.2f} GiB"


def _fmt(value: float | None, spec: str = ",.0f") -> str:
    return "-" if value is None else format(value, spec)


def _times(ratio: float | None) -> str:
    return "-" if ratio is None else f"{ratio:.2f}x"


def _verdict(ok: bool | None) -> str:
    return "n/a " if ok is None else "PASS" if ok else "FAIL"


def _settings_report() -> dict:
    from extract.nlp.model import resolve_model_name

    s = _settings()
    try:
        model = resolve_model_name(s.spacy_model)
    except Exception as exc:  # reported; the children fail the same way
        model = f"(none: {exc})"
    env = {k: os.environ[k] for k in ("NEWSDW_N_PROCESS", "NEWSDW_BATCH_SIZE",
                                      "NEWSDW_SHARD_SIZE", "NEWSDW_MAX_SHARDS",
                                      "NEWSDW_SPACY_MODEL") if k in os.environ}
    return {"model": model, "n_process": s.n_process, "batch_size": s.batch_size,
            "shard_size": s.shard_size, "max_shards": s.max_shards, "env": env}


def _versions() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": platform.python_version()}
    for dist in ("spacy", "duckdb", "pyarrow", "dbt-core", "dbt-duckdb", "great-expectations",
                 "apache-airflow", "psutil"):
        with contextlib.suppress(PackageNotFoundError):
            out[dist] = version(dist)
    return out


def _cpu_model() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def parent_main(args: argparse.Namespace) -> int:
    from bench.corpus import write_corpus

    n = args.n or (QUICK_N if args.quick else DEFAULT_N)
    history_days = args.history_days if args.history_days is not None else (
        QUICK_HISTORY if args.quick else DEFAULT_HISTORY)
    date = args.date
    ncores = cores()
    work = Path(args.workdir or tempfile.mkdtemp(prefix="newsdw-bench-")).resolve()
    work.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S")
    settings = _settings_report()
    skip = set(args.skip)
    print(f"newsdw bench: {n} articles/day, history {history_days} days, {ncores} cores, "
          f"model {settings['model']}, n_process={settings['n_process']}, "
          f"batch_size={settings['batch_size']}; work dir {work}", flush=True)

    history_dates = [date - dt.timedelta(days=i) for i in range(history_days, 0, -1)]
    landing = work / "landing"
    corpus = write_corpus(landing / date.isoformat(), n, args.seed, [date])
    print(f"corpus: {corpus['articles']} articles, {corpus['words']:,} words "
          f"({corpus['words'] / max(1, corpus['articles']):.0f} words/article)", flush=True)
    sources = write_sources(work / "sources" / f"{date.isoformat()}.yml",
                            landing / date.isoformat())
    corpus_dir = landing / date.isoformat()

    results: dict = {
        "timestamp": stamp, "n": n, "rate_n": min(args.rate_n or n, n),
        "history_days": history_days, "seed": args.seed,
        "date": date.isoformat(), "quick": args.quick,
        "machine": {"cores": ncores, "cpu": _cpu_model(), "platform": platform.platform(),
                    "loadavg_start": [round(x, 2) for x in os.getloadavg()]},
        "versions": _versions(), "settings": settings, "corpus": corpus, "steps": {},
        "work_dir": str(work),
    }
    steps = results["steps"]

    def measure(name: str, label: str, child_args: list[str], env: dict | None = None) -> dict:
        print(f"-- {label} ...", end=" ", flush=True)
        res = run_child(name, ["--step", *child_args], work, env)
        res["label"] = label
        steps[name] = res
        status = "ok" if res.get("ok", True) else f"FAILED ({res.get('error', '')[:300]})"
        print(f"{res.get('seconds', res['process_seconds']):.1f}s {status}", flush=True)
        return res

    corpus_args = ["--corpus", str(corpus_dir)]
    rate_n = min(args.rate_n or n, n)
    of = "" if rate_n == n else f" [first {rate_n:,}]"
    if rate_n != n:
        corpus_args += ["--limit", str(rate_n)]
    if "baseline" not in skip:
        measure("baseline", f"(1) spaCy nlp.pipe, 1 process{of}",
                ["baseline", *corpus_args, "--n-process", "1"])
    if "parallel" not in skip:
        measure("parallel", f"(2) spaCy nlp.pipe, {ncores} processes{of}",
                ["parallel", *corpus_args, "--n-process", str(ncores)])
    if "tag" not in skip:
        measure("tag", f"(3) Tagger.tag_many, n_process={settings['n_process']}{of}",
                ["tag", *corpus_args])
        if settings["n_process"] != 1:
            measure("tag_1proc", f"(3') Tagger.tag_many, 1 process{of}",
                    ["tag", *corpus_args, "--n-process", "1"])
    if "daily" not in skip:
        measure("daily", "(4) daily run in-process (empty warehouse)",
                ["daily", "--date", date.isoformat(), "--sources", str(sources),
                 "--warehouse", str(work / "fresh" / "news.duckdb")])
    if args.airflow:
        print("-- (4a) newsdw run (Airflow dags test) ...", end=" ", flush=True)
        newsdw = Path(sys.executable).with_name("newsdw")
        res = run_command("airflow", [str(newsdw), "run", "--date", date.isoformat(),
                                      "--sources", str(sources), "--warehouse",
                                      str(work / "airflow" / "news.duckdb")], work)
        res.update(label="(4a) newsdw run (Airflow)", words=corpus["words"], articles=n)
        steps["airflow"] = res
        print(f"{res['seconds']:.1f}s {'ok' if res['ok'] else 'FAILED'}", flush=True)
    if history_days > 0 and "history" not in skip:
        run_history(args, work, history_dates, date, sources, n, steps, measure)

    results["machine"]["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
    report(results)
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    out = RESULTS_DIR / f"{stamp}.json"
    text = json.dumps(results, indent=2, default=str)
    out.write_text(text, encoding="utf-8")
    (RESULTS_DIR / "latest.json").write_text(text, encoding="utf-8")
    print(f"\nresults: {out.relative_to(REPO)} (and bench/results/latest.json)")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    else:
        print(f"work dir kept: {work}")
    failed = [k for k, v in steps.items() if not v.get("ok", True)]
    return 1 if failed else 0


def run_history(args, work, history_dates, date, sources, n, steps, measure) -> None:
    if not steps.get("daily", {}).get("ok"):
        print("-- history: skipped (it replays the staging of the daily run (4), which did not "
              "succeed)", flush=True)
        return
    warehouse = work / "history" / "news.duckdb"
    build = measure("history_build", f"history set-up: (4) replayed as {len(history_dates)} "
                    f"earlier days ({history_dates[0]} .. {history_dates[-1]}, {n} articles "
                    "each), one dbt build",
                    ["replay", "--dates", ",".join(d.isoformat() for d in history_dates),
                     "--date", date.isoformat(), "--fresh", str(work / "fresh" / "news.duckdb"),
                     "--warehouse", str(warehouse)])
    if not build.get("ok"):
        return
    measure("history", f"(5) daily run after {len(history_dates)} days of history",
            ["daily", "--date", date.isoformat(), "--sources", str(sources),
             "--warehouse", str(warehouse)])


# -- report ----------------------------------------------------------------------------------


def report(results: dict) -> None:
    steps, n, ncores = results["steps"], results["n"], results["machine"]["cores"]
    base = steps.get("baseline", {})
    base_wps, _ = _rate(base)
    print(f"\n== newsdw throughput: {n} articles, {results['corpus']['words']:,} words, "
          f"{ncores} cores ({results['machine']['cpu']}) ==")
    s = results["settings"]
    print(f"model {s['model']}; project settings n_process={s['n_process']}, "
          f"batch_size={s['batch_size']}, shard_size={s['shard_size']} "
          f"(env overrides: {s['env'] or 'none'})")
    print(f"\n{'measurement':<48}{'seconds':>9}{'words/s':>10}{'art/s':>8}{'x base':>8}"
          f"{'peak RSS':>11}{'CPU s':>8}")
    for key in ("baseline", "parallel", "tag", "tag_1proc", "daily", "airflow", "history"):
        res = steps.get(key)
        if not res:
            continue
        wps, aps = _rate(res)
        ratio = wps / base_wps if wps and base_wps else None
        secs = res.get("seconds")
        print(f"{res['label'][:47]:<48}{_fmt(secs, '.1f'):>9}{_fmt(wps):>10}"
              f"{_fmt(aps, '.2f'):>8}{_fmt(ratio, '.2f'):>8}{_gib(res.get('peak_rss_bytes')):>11}"
              f"{_fmt(res.get('cpu_seconds'), '.0f'):>8}"
              + ("" if res.get("ok", True) else "  FAILED"))
        res["words_per_second"], res["articles_per_second"] = wps, aps
        res["ratio_to_baseline"] = ratio
    for key, res in steps.items():
        if not res.get("ok", True):
            where = res.get("failed_step") or ""
            print(f"\n{res.get('label', key)} failed {('in ' + where) if where else ''}:\n"
                  f"  {str(res.get('error', ''))[:1500]}")
    daily = steps.get("daily", {})
    shares = breakdown(daily)
    if daily.get("times"):
        total, cpu = sum(daily["times"].values()), daily.get("cpu_times") or {}
        print(f"\ndaily run, time per step{'' if daily.get('ok') else ' (until it failed)'}: "
              + ", ".join(f"{k} {daily['times'][k]:.1f}s ({daily['times'][k] / total:.0%}"
                          + (f", CPU {cpu[k]:.1f}s)" if k in cpu else ")")
                          for k in DAILY_STEPS if k in daily["times"]))
    if shares:
        cpu_share = shares.get("post_tag_cpu")
        print(f"after tagging (load, validate, dbt, validate, publish): "
              f"{shares['post_tag']:.1%} of the run"
              + ("" if cpu_share is None else f" ({cpu_share:.1%} of its CPU time)"))
        daily["post_tag_share"] = shares["post_tag"]
        daily["post_tag_cpu_share"] = cpu_share
    hist = history_summary(steps)
    if hist:
        results["history"] = hist
        print(f"\nhistory: the day with 0 days of history {hist['seconds_0']:.1f}s, with "
              f"{results['history_days']} days {hist['seconds_h']:.1f}s: ratio "
              f"{_fmt(hist['ratio'], '.2f')} (by CPU time {_fmt(hist['cpu_ratio'], '.2f')}); "
              f"after tagging {hist['post_tag_0']:.1f}s -> {hist['post_tag_h']:.1f}s: ratio "
              f"{_fmt(hist['post_tag_ratio'], '.2f')} (by CPU time "
              f"{_fmt(hist['post_tag_cpu_ratio'], '.2f')})")
    results["targets"] = targets(results, base_wps, shares, hist)
    print("\ntargets (indicative; not asserted):")
    for t in results["targets"]:
        print(f"  {_verdict(t['pass'])}  {t['name']}: {t['measured']}"
              + (f"  [{t['note']}]" if t.get("note") else ""))
    load = results["machine"]
    if max(load["loadavg_start"][0], load.get("loadavg_end", [0])[0]) > 0.5:
        print(f"\nnote: the machine was busy (load average {load['loadavg_start'][0]} at the "
              f"start, {load.get('loadavg_end', ['?'])[0]} at the end): figures are noisy.")


def breakdown(daily: dict) -> dict | None:
    if not daily.get("ok") or not daily.get("times"):
        return None
    total = daily["seconds"]
    shares = {k: v / total for k, v in daily["times"].items()}
    shares["post_tag"] = sum(daily["times"].get(k, 0.0) for k in POST_TAG_STEPS) / total
    cpu = daily.get("cpu_times") or {}
    if cpu and sum(cpu.values()):
        shares["post_tag_cpu"] = sum(cpu.get(k, 0.0) for k in POST_TAG_STEPS) / sum(
            cpu.values())
    return shares


def history_summary(steps: dict) -> dict | None:
    first, later = steps.get("daily", {}), steps.get("history", {})
    if not (first.get("ok") and later.get("ok")):
        return None

    def post(r: dict, key: str = "times") -> float:
        return sum(r.get(key, {}).get(k, 0.0) for k in POST_TAG_STEPS)

    def ratio(a: float | None, b: float | None) -> float | None:
        return b / a if a and b else None

    return {
        "seconds_0": first["seconds"], "seconds_h": later["seconds"],
        "ratio": ratio(first["seconds"], later["seconds"]),
        "cpu_ratio": ratio(first.get("cpu_seconds"), later.get("cpu_seconds")),
        "post_tag_0": post(first), "post_tag_h": post(later),
        "post_tag_ratio": ratio(post(first), post(later)),
        "post_tag_cpu_ratio": ratio(post(first, "cpu_times"), post(later, "cpu_times")),
        "times_0": first["times"], "times_h": later["times"],
        "cpu_times_0": first.get("cpu_times"), "cpu_times_h": later.get("cpu_times"),
    }


def targets(results: dict, base_wps, shares, hist) -> list[dict]:
    steps, n, ncores = results["steps"], results["n"], results["machine"]["cores"]
    base = steps.get("baseline", {})
    out = []
    daily = steps.get("daily", {})
    daily_wps, _ = _rate(daily)
    ratio = daily_wps / base_wps if daily_wps and base_wps else None
    out.append({
        "name": f"daily run >= {TARGET_DAILY_VS_BASELINE}x bare 1-process spaCy (on 2 cores)",
        "measured": _times(ratio), "value": ratio,
        "pass": None if ratio is None else ratio >= TARGET_DAILY_VS_BASELINE,
        "note": "" if ncores == 2 else f"measured on {ncores} cores",
    })
    tag1 = steps.get("tag_1proc") or steps.get("tag", {})
    tag_wps, _ = _rate(tag1)
    cost = base_wps / tag_wps if tag_wps and base_wps and tag1.get("n_process") == 1 else None
    cpu_cost = None
    if cost is not None and tag1.get("cpu_seconds") and base.get("cpu_seconds"):
        cpu_cost = tag1["cpu_seconds"] / base["cpu_seconds"]  # same words
    out.append({
        "name": f"tagging costs <= {TARGET_TAG_COST}x bare nlp.pipe (both 1 process)",
        "measured": _times(cost), "value": cost, "cpu_value": cpu_cost,
        "pass": None if cost is None else cost <= TARGET_TAG_COST,
        "note": "" if cpu_cost is None else f"by CPU time: {cpu_cost:.2f}x",
    })
    tag_all = steps.get("tag", {})
    all_wps, _ = _rate(tag_all)
    wall = base_wps / all_wps if all_wps and base_wps else None
    out.append({
        "name": f"newsdw tag (all cores) takes <= {TARGET_TAG_ALL_CORES}x bare 1-process "
                "nlp.pipe",
        "measured": _times(wall), "value": wall,
        "pass": None if wall is None else wall <= TARGET_TAG_ALL_CORES,
        "note": f"n_process={tag_all.get('n_process')}" if tag_all else "",
    })
    at_scale = "" if n >= TARGET_SCALE_N else f"target is for {TARGET_SCALE_N:,} articles; " \
        f"measured at {n:,}"
    share = shares["post_tag"] if shares else None
    cpu_share = shares.get("post_tag_cpu") if shares else None
    notes = [x for x in (at_scale, cpu_share is not None and f"by CPU time: {cpu_share:.1%}")
             if x]
    out.append({
        "name": f"after tagging <= {TARGET_POST_TAG_SHARE:.0%} of the daily run",
        "measured": "-" if share is None else f"{share:.1%}", "value": share,
        "cpu_value": cpu_share,
        "pass": None if share is None else share <= TARGET_POST_TAG_SHARE,
        "note": "; ".join(notes),
    })
    rss = daily.get("peak_rss_bytes") if daily.get("ok") else None
    out.append({
        "name": "peak RSS of the daily run < 2 GiB", "measured": _gib(rss), "value": rss,
        "pass": None if rss is None else rss < TARGET_RSS_BYTES, "note": at_scale,
    })
    hratio = hist["ratio"] if hist else None
    notes = [] if results["history_days"] >= 30 else ["target is for 30 days of history"]
    if not results["history_days"]:
        notes = ["not measured (--history-days 0)"]
    if hist and hist.get("cpu_ratio"):
        notes.append(f"by CPU time: {hist['cpu_ratio']:.2f}x")
    out.append({
        "name": f"day after {results['history_days']} days of history <= "
                f"{TARGET_HISTORY_RATIO}x the first day",
        "measured": _times(hratio), "value": hratio,
        "cpu_value": hist.get("cpu_ratio") if hist else None,
        "pass": None if hratio is None else hratio <= TARGET_HISTORY_RATIO,
        "note": "; ".join(notes),
    })
    return out


# -- command line ----------------------------------------------------------------------------


def _dates(value: str) -> list[dt.date]:
    return [dt.date.fromisoformat(v) for v in value.split(",") if v.strip()]


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--n", type=int, help=f"articles per day (default {DEFAULT_N}, "
                   f"--quick {QUICK_N})")
    p.add_argument("--history-days", type=int, help=f"days of history for the cost-growth "
                   f"measurement (default {DEFAULT_HISTORY}, --quick {QUICK_HISTORY}; 0 skips)")
    p.add_argument("--quick", action="store_true", help="a small, fast run")
    p.add_argument("--seed", type=int, default=7, help="corpus seed (default 7)")
    p.add_argument("--date", type=dt.date.fromisoformat, default=DEFAULT_DATE,
                   help=f"logical date of the measured day (default {DEFAULT_DATE})")
    p.add_argument("--airflow", action="store_true",
                   help="also time `newsdw run` (the DAG in the embedded Airflow)")
    p.add_argument("--skip", action="append", default=[],
                   choices=("baseline", "parallel", "tag", "daily", "history"),
                   help="skip a measurement (repeatable)")
    p.add_argument("--rate-n", type=int,
                   help="run the rate measurements (1)-(3) on the first RATE_N articles of the "
                   "day only (default: all); the daily runs always take the whole day")
    p.add_argument("--workdir", help="where corpus and warehouses go (default: a temp dir)")
    p.add_argument("--keep", action="store_true", help="keep the work dir")
    # Internal: one measurement in a child process.
    p.add_argument("--step", help=argparse.SUPPRESS)
    p.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    p.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    p.add_argument("--n-process", type=int, help=argparse.SUPPRESS)
    p.add_argument("--batch-size", type=int, help=argparse.SUPPRESS)
    p.add_argument("--sources", type=Path, help=argparse.SUPPRESS)
    p.add_argument("--warehouse", type=Path, help=argparse.SUPPRESS)
    p.add_argument("--dates", type=_dates, help=argparse.SUPPRESS)
    p.add_argument("--fresh", type=Path, help=argparse.SUPPRESS)
    p.add_argument("--limit", type=int, help=argparse.SUPPRESS)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.step:
        return child_main(args)
    return parent_main(args)


if __name__ == "__main__":
    sys.exit(main())
