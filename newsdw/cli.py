"""`newsdw`: run the daily pipeline, tag articles, evaluate tagging, inspect the warehouse."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from newsdw.settings import Settings

if TYPE_CHECKING:  # the CLI imports what a command needs when it runs
    from newsdw.ops.run_days import RunOptions


def _date(value: str) -> str:
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def _settings(args: argparse.Namespace) -> Settings:
    return Settings.from_env(warehouse=getattr(args, "warehouse", None),
                             sources_file=getattr(args, "sources", None))


def cmd_run(args: argparse.Namespace) -> int:
    from newsdw.ops.run_days import RunOptions
    from newsdw.serve.summary import print_summary

    settings = _settings(args)
    code = _run_days(settings, [args.date],
                     RunOptions("run", verbose=args.verbose, in_process=args.in_process,
                                run_id=args.run_id))
    if code == 0:
        print_summary(settings.bi_snapshot, args.date)
    docs = settings.data_docs_dir / "index.html"
    if docs.exists() and code in (0, 1):  # validation results of this and earlier runs
        print(f"Data Docs: {docs}", file=sys.stdout if code == 0 else sys.stderr)
    return code


def cmd_backfill(args: argparse.Namespace) -> int:
    from newsdw.ops.run_days import RunOptions

    start, end = dt.date.fromisoformat(args.start), dt.date.fromisoformat(args.end)
    if end < start:
        print("newsdw backfill: --end is before --start", file=sys.stderr)
        return 2
    days = [(start + dt.timedelta(days=i)).isoformat() for i in range((end - start).days + 1)]
    return _run_days(_settings(args), days,
                     RunOptions("backfill", verbose=args.verbose, fail_fast=args.fail_fast))


def _run_days(settings: Settings, days: list[str], options: RunOptions) -> int:
    """Run news_daily for each day (newsdw.ops.run_days: progress lines, the log file, one
    line per failed day, a final table for several days)."""
    from newsdw.ops.run_days import run_days

    return run_days(settings, days, options)


def cmd_validate(args: argparse.Namespace) -> int:
    from expectations.runner import latest_logical_date, validate_on_demand
    from newsdw.warehouse.locking import WarehouseBusy, writer_lock

    settings = _settings(args)
    warehouse = settings.warehouse
    if not warehouse.exists():
        print(f"newsdw validate: {warehouse} does not exist; run `newsdw run` first",
              file=sys.stderr)
        return 2
    layers = ("raw", "marts") if args.layer == "all" else (args.layer,)
    try:
        with writer_lock(warehouse):  # it appends to audit.validation_results
            day = dt.date.fromisoformat(args.date) if args.date else latest_logical_date(warehouse)
            if day is None:
                print(f"newsdw validate: no articles in {warehouse}; pass --date",
                      file=sys.stderr)
                return 2
            validated_at = dt.datetime.now(dt.UTC)  # the CLI boundary owns the clock
            reports = validate_on_demand(warehouse, layers, day, settings.data_docs_dir,
                                         validated_at)
    except WarehouseBusy as exc:
        print(f"newsdw: {exc}", file=sys.stderr)
        return 75  # EX_TEMPFAIL: try again later
    return 0 if all(r.success for r in reports) else 1


def cmd_tag(args: argparse.Namespace) -> int:
    from extract.nlp.tagger import Tagger, to_json
    from extract.sources.documents import split_header

    settings = Settings.from_env()
    tagger = Tagger(model_name=args.model or settings.spacy_model)
    paths = [Path(name) for name in args.files]
    # a file in the landing format, or a bare body without the header
    items = [(path.stem, split_header(path.read_text(encoding="utf-8"))[1]) for path in paths]
    # Many files are tagged on every core, as the daily run tags (NEWSDW_N_PROCESS);
    # tag_many keeps the input order.
    tagged_all = tagger.tag_many(items, batch_size=settings.batch_size,
                                 n_process=settings.processes_for(len(items)))
    for path, (_, body), tagged in zip(paths, items, tagged_all, strict=True):
        print(json.dumps({"file": str(path), **to_json(tagged, body)}, ensure_ascii=False))
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    if args.topics is not None:  # the CAP topic classifier on its dev set (#15)
        from extract.nlp.topics.devset import main_topics

        return main_topics(Path(args.topics) if args.topics else None)
    polnear_only = [flag for flag, value in (
        ("--split", args.split), ("--errors", args.errors), ("--json", args.json),
        ("--limit", args.limit), ("--processes", args.processes),
        ("--i-am-scoring-the-held-out-test-split",
         args.i_am_scoring_the_held_out_test_split or None)) if value is not None]
    if args.polnear is None:
        if args.gold_dir is None or polnear_only:
            print("newsdw eval: give a gold directory, or --polnear DIR"
                  + (f" ({', '.join(polnear_only)} go with --polnear)" if polnear_only else ""),
                  file=sys.stderr)
            return 2
        from extract.nlp.evaluate import main_eval

        return main_eval(args.gold_dir, details=args.details)
    if args.gold_dir is not None:
        print("newsdw eval: a gold directory or --polnear DIR, not both", file=sys.stderr)
        return 2
    from extract.nlp.polnear import HELD_OUT_MESSAGE, HELD_OUT_SPLIT, main_polnear

    split = args.split or "dev"
    if split == HELD_OUT_SPLIT and not args.i_am_scoring_the_held_out_test_split:
        print(f"newsdw eval: refused: {HELD_OUT_MESSAGE}", file=sys.stderr)
        return 2
    return main_polnear(args.polnear, split, details=args.details, errors=args.errors,
                        limit=args.limit, json_path=args.json, n_process=args.processes,
                        processes_for=Settings.from_env().processes_for,
                        allow_held_out=args.i_am_scoring_the_held_out_test_split)


def cmd_train_statements(args: argparse.Namespace) -> int:
    from extract.nlp.cue_training import main_train

    return main_train(args.polnear, args.out, limit=args.limit, n_process=args.processes,
                      processes_for=Settings.from_env().processes_for)


def cmd_guide(args: argparse.Namespace) -> int:
    from newsdw.serve.guide import GUIDE_FILE, QUERIES_FILE, check_guide

    return check_guide(_settings(args).bi_snapshot,
                       Path(args.guide) if args.guide else GUIDE_FILE,
                       Path(args.queries) if args.queries else QUERIES_FILE,
                       write=not args.check)


def cmd_summary(args: argparse.Namespace) -> int:
    import duckdb

    from newsdw.serve.sandbox import one_line
    from newsdw.serve.summary import print_summary

    settings = _settings(args)
    target = settings.warehouse if args.working else settings.bi_snapshot
    if not target.exists():
        print(f"newsdw summary: {target} does not exist yet; run `newsdw run` first",
              file=sys.stderr)
        return 1
    try:
        print_summary(target, args.date)
    except duckdb.Error as error:  # e.g. --working while a run holds the warehouse
        print(f"newsdw summary: {one_line(error)}", file=sys.stderr)
        return 1
    return 0


def cmd_sql(args: argparse.Namespace) -> int:
    from newsdw.serve.sql_shell import run_query

    return run_query(_settings(args).bi_snapshot, args.query, args.format)


def cmd_report(args: argparse.Namespace) -> int:
    from newsdw.serve.report import main_report

    settings = _settings(args)
    out = Path(args.out).resolve() if args.out else None
    return main_report(settings.bi_snapshot, args.date, out, settings.warehouse_dir / "reports")


def cmd_shell(args: argparse.Namespace) -> int:
    from newsdw.serve.sql_shell import shell

    return shell(_settings(args).bi_snapshot)


def cmd_serve(args: argparse.Namespace) -> int:
    from newsdw.serve.pgwire import main_serve

    return main_serve(_settings(args).bi_snapshot, args.host, args.port, args.token_file)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsdw", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="run the news_daily DAG for one date (embedded Airflow)")
    run.add_argument("--date", required=True, type=_date, help="logical date YYYY-MM-DD")
    run.add_argument("--sources", help="sources.yml (default: the repo's)")
    run.add_argument("--warehouse", help="working DuckDB file (default warehouse/news.duckdb)")
    run.add_argument("--in-process", action="store_true",
                     help="run the steps in this process, without Airflow (same steps, same "
                          "tables; for benchmarks, crash tests and machines without Airflow)")
    run.add_argument("--run-id", help="with --in-process: the run id recorded in audit tables")
    run.add_argument("--verbose", action="store_true",
                     help="stream the full Airflow and dbt logs too (always written to "
                          "warehouse/logs/)")
    run.set_defaults(func=cmd_run)

    backfill = sub.add_parser("backfill", help="run news_daily for every date in a range")
    backfill.add_argument("--start", required=True, type=_date)
    backfill.add_argument("--end", required=True, type=_date)
    backfill.add_argument("--sources")
    backfill.add_argument("--warehouse")
    backfill.add_argument("--fail-fast", action="store_true",
                          help="stop at the first failed day (default: run every day, list "
                               "the failed ones at the end, exit 1)")
    backfill.add_argument("--verbose", action="store_true",
                          help="stream the full Airflow and dbt logs too")
    backfill.set_defaults(func=cmd_backfill)

    sql = sub.add_parser(
        "sql", help="run one read-only query on the BI snapshot",
        description="Run one read-only query (SELECT, WITH, VALUES, FROM, DESCRIBE, SHOW, "
                    "SUMMARIZE, EXPLAIN) on the BI snapshot, sandboxed: no file access, no "
                    "settings. Exit 0 on success, 1 on a query error, 2 when refused; errors "
                    "and refusals are one line on stderr.")
    sql.add_argument("query", help="one SQL statement")
    sql.add_argument("--warehouse", help="working DuckDB file; its BI snapshot is read")
    sql.add_argument("--format", choices=("table", "csv", "tsv"), default=None,
                     help="table (first 200 rows) when stdout is a terminal; tsv (every row, "
                          "nothing cut, header line, NULL empty, tab/newline/backslash escaped "
                          r"as \t \n \\) when it is piped or redirected; csv on request")
    sql.set_defaults(func=cmd_sql)

    sh = sub.add_parser(
        "shell", help="interactive read-only SQL on the BI snapshot",
        description="Interactive read-only SQL on the BI snapshot, sandboxed like `newsdw sql`. "
                    "Statements end with ';'; .tables, .schema [TABLE], .help, .quit; Ctrl-C "
                    "clears the statement being typed, Ctrl-D exits.")
    sh.add_argument("--warehouse")
    sh.set_defaults(func=cmd_shell)

    report = sub.add_parser("report", help="render a static HTML briefing of one day")
    report.add_argument("--date", required=True, type=_date, help="publication date YYYY-MM-DD")
    report.add_argument("--out", help="HTML file (default warehouse/reports/briefing-DATE.html)")
    report.add_argument("--warehouse", help="working DuckDB file; the report reads its BI snapshot")
    report.set_defaults(func=cmd_report)

    validate = sub.add_parser(
        "validate", help="run the GX suites on the working warehouse now; exit 1 on failure"
    )
    validate.add_argument("--date", type=_date,
                          help="logical date (default: the latest in raw.articles)")
    validate.add_argument("--layer", choices=("raw", "marts", "all"), default="all")
    validate.add_argument("--warehouse", help="working DuckDB file (default warehouse/news.duckdb)")
    validate.set_defaults(func=cmd_validate)

    tag = sub.add_parser("tag", help="tag text files; print one JSON object per file")
    tag.add_argument("files", nargs="+")
    tag.add_argument("--model", help="spaCy pipeline (default: best installed English one)")
    tag.set_defaults(func=cmd_tag)

    ev = sub.add_parser(
        "eval", help="score tagging against a gold directory, or against PolNeAR (--polnear)",
        description="Score the tagger against the gold directory (NAME.txt + NAME.json), or "
                    "its statements against a split of the PolNeAR attribution corpus (brat "
                    "files; see extract/nlp/polnear.py for the matching rules). The PolNeAR "
                    "test split is held out and refused.")
    ev.add_argument("gold_dir", nargs="?", help="gold directory (not with --polnear)")
    ev.add_argument("--details", action="store_true",
                    help="list every error per file (PolNeAR: and a row per text)")
    ev.add_argument("--polnear", metavar="DIR",
                    help="PolNeAR data folder (holding train/, dev/, metadata.tsv) or its parent")
    ev.add_argument("--split", choices=("train", "dev", "test"),
                    help="with --polnear: the split to score (default dev; test is held out)")
    ev.add_argument("--errors", metavar="FILE",
                    help="with --polnear: write every missed gold attribution, false positive, "
                         "boundary, speaker and cue error with its features, and a 'matched' "
                         "row per gold attribution found (.tsv: TSV, else JSON lines)")
    ev.add_argument("--json", metavar="FILE", help="with --polnear: save the metrics as JSON")
    ev.add_argument("--limit", type=int, metavar="N",
                    help="with --polnear: score N texts spread evenly over the split")
    ev.add_argument("--processes", type=int, metavar="N",
                    help="with --polnear: tagging processes (default: NEWSDW_N_PROCESS, or "
                         "all cores for a large split)")
    ev.add_argument("--i-am-scoring-the-held-out-test-split", action="store_true",
                    help="with --polnear --split test: the one scoring of a finished model on "
                         "the held-out test split (refused without this flag)")
    ev.add_argument("--topics", nargs="?", const="", metavar="FILE",
                    help="score the CAP topic classifier on its dev set (default "
                         "tests/topics_dev/cap_dev.tsv): coverage, top-1, top-3, macro-F1, "
                         "per topic")
    ev.set_defaults(func=cmd_eval)

    train = sub.add_parser(
        "train-statements", help="train the opt-in learned cue model on your copy of PolNeAR",
        description="Fit the learned cue model (extract/nlp/cue_model.py: which verbs outside "
                    "the cue lexicon report speech) on the PolNeAR train split, and write it to "
                    "FILE. Use it with NEWSDW_STATEMENT_MODEL=FILE (newsdw tag, eval, run). "
                    "PolNeAR has no licence for redistribution: keep the file to yourself.")
    train.add_argument("--polnear", metavar="DIR", required=True,
                       help="PolNeAR data folder (holding train/, metadata.tsv) or its parent")
    train.add_argument("--out", metavar="FILE", required=True, help="the model file to write")
    train.add_argument("--limit", type=int, metavar="N",
                       help="train on N texts spread evenly over the split")
    train.add_argument("--processes", type=int, metavar="N",
                       help="tagging processes (default: NEWSDW_N_PROCESS, or all cores)")
    train.set_defaults(func=cmd_train_statements)

    guide = sub.add_parser(
        "guide", help="run the analyst guide's queries on the BI snapshot, check what the guide "
                      "states and rewrite its result blocks (docs/analyst-guide.md)")
    guide.add_argument("--warehouse", help="working DuckDB file; its BI snapshot is read")
    guide.add_argument("--check", action="store_true", help="check only, do not write")
    guide.add_argument("--guide", help="the guide to rewrite (default docs/analyst-guide.md)")
    guide.add_argument("--queries", help="the queries (default docs/analyst_queries.yml)")
    guide.set_defaults(func=cmd_guide)

    summary = sub.add_parser("summary", help="print what landed in the BI snapshot")
    summary.add_argument("--warehouse")
    summary.add_argument("--date", type=_date)
    summary.add_argument("--working", action="store_true", help="read the working warehouse")
    summary.set_defaults(func=cmd_summary)

    serve = sub.add_parser(
        "serve", help="serve the BI snapshot read-only over the PostgreSQL protocol, with a "
                      "token (docs/bi-recipes.md)")
    serve.add_argument("--warehouse", help="working DuckDB file; its BI snapshot is served")
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default 127.0.0.1; 0.0.0.0: every interface)")
    serve.add_argument("--port", type=int, default=5433, help="default 5433")
    serve.add_argument("--token-file", help="file holding the token clients give as password "
                                            "(default: $NEWSDW_SERVE_TOKEN)")
    serve.set_defaults(func=cmd_serve)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except ValueError as exc:
        # imported here, not at start-up: the module brings numpy to every command
        from extract.nlp.cue_model import ModelError

        if not isinstance(exc, ModelError):
            raise
        print(f"newsdw: {exc}", file=sys.stderr)  # NEWSDW_STATEMENT_MODEL names a bad file
        return 2


if __name__ == "__main__":
    sys.exit(main())
