"""Validate a warehouse layer with Great Expectations and record the outcome.

``validate_layer`` reads the layer's tables from DuckDB (read-only) into pandas, only the columns
the checks and the layer's ``prepare`` read, runs the suites of ``expectations.raw`` /
``expectations.marts`` through GX's pandas datasource in an ephemeral context, renders Data Docs
and returns a ``ValidationReport``. ``validate_layer_in_child`` does the same in a fresh process
(the pipeline's steps use it: a 10,000-article day's frames took over 1 GiB that the process
kept). ``record_results`` appends the report to ``audit.validation_results``;
``raise_for_failures`` raises ``ValidationFailed`` when a critical expectation failed (warnings
are only recorded).

GX's SQL datasource does not work with DuckDB here (duckdb_engine), hence the pandas detour.
Great Expectations is imported lazily, so importing this module stays cheap (Airflow parses DAGs
that import it).

Metric frames (``TableChecks.metrics``, e.g. ``raw.nlp_health``, ``raw.volume``) are one row
that ``prepare`` computes; their results report the metric and the counts behind it.

Data Docs: with ``docs_dir`` set, validation results are kept as GX JSON under
``docs_dir/_gx/validations`` and the static GX site (``docs_dir/index.html``) is rebuilt
incrementally: this run's suite and result pages plus the index, which lists the newest
``DATA_DOCS_VALIDATION_RESULTS_LIMIT`` results of both layers.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import logging.handlers
import math
import re
import sys
import time
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import duckdb

from expectations import config
from expectations.docs_assets import localize
from extract.processes import spawning
from newsdw.settings import limit_memory
from newsdw.warehouse.publish import sql_identifier
from newsdw.warehouse.schema import DDL

if TYPE_CHECKING:
    from great_expectations.core.expectation_validation_result import (
        ExpectationSuiteValidationResult,
        ExpectationValidationResult,
    )

    from expectations.spec import LayerSpec, TableChecks

log = logging.getLogger(__name__)

Layer = Literal["raw", "marts"]
DOCS_SITE = "newsdw"
MISSING_TABLE = "expect_table_to_exist"  # reported when a table to validate does not exist

# kwargs that say *where* an expectation looks rather than *what* it expects
_DOMAIN_KWARGS = {
    "batch_id",
    "column",
    "column_A",
    "column_B",
    "column_list",
    "result_format",
    "catch_exceptions",
    "include_config",
    "row_condition",
    "condition_parser",
}


@dataclass(frozen=True)
class ExpectationResult:
    """The outcome of one expectation on one table."""

    suite: str
    expectation: str  # GX expectation type, e.g. "expect_column_values_to_be_unique"
    table: str  # "schema.table"
    column: str | None  # column, "a,b" for column pairs / compound keys, None for table-level
    success: bool
    severity: str  # "critical" | "warning"
    observed_value: str  # short, e.g. "2 of 40 unexpected (5.0%): 'a', 'b'" or "0"
    explanation: str = ""  # why it failed, with offending values and rows; "" on success
    unexpected_values: tuple[Any, ...] = ()  # distinct offending values GX reported

    @property
    def target(self) -> str:
        return f"{self.table}.{self.column}" if self.column else self.table


@dataclass
class ValidationReport:
    layer: Layer
    logical_date: dt.date
    run_id: str
    validated_at: dt.datetime | None  # naive UTC, as passed to validate_layer
    results: list[ExpectationResult]
    docs_index: Path | None = None  # Data Docs index.html, when rendered
    success: bool = field(init=False)  # no critical expectation failed

    def __post_init__(self) -> None:
        self.success = not self.failures

    @property
    def failures(self) -> list[ExpectationResult]:
        """Failed critical expectations (these fail the task)."""
        return [r for r in self.results if not r.success and r.severity == "critical"]

    @property
    def warnings(self) -> list[ExpectationResult]:
        """Failed warning expectations (recorded only)."""
        return [r for r in self.results if not r.success and r.severity != "critical"]

    def summary(self) -> str:
        status = "passed" if self.success else "FAILED"
        return (
            f"{self.layer} validation {status} for {self.logical_date} (run {self.run_id}): "
            f"{len(self.results)} expectations, {len(self.failures)} critical failures, "
            f"{len(self.warnings)} warnings"
        )


class ValidationFailed(Exception):
    """A critical expectation failed. The message names each one, its table/column and up to
    ``config.MESSAGE_EXAMPLES`` offending values."""

    def __init__(self, report: ValidationReport) -> None:
        self.report = report
        super().__init__(format_failures(report))


def format_failures(report: ValidationReport, *, docs: bool = True) -> str:
    lines = [
        f"{report.layer} validation failed for {report.logical_date} (run {report.run_id}): "
        f"{len(report.failures)} critical expectation(s) failed"
    ]
    lines += [f"- {r.expectation} on {r.target}: {r.explanation}" for r in report.failures]
    if docs and report.docs_index:
        lines.append(f"Data Docs: {report.docs_index}")
    return "\n".join(lines)


def raise_for_failures(report: ValidationReport) -> None:
    """Raise ``ValidationFailed`` if a critical expectation failed; log warnings."""
    for r in report.warnings:
        log.warning("validation warning: %s on %s: %s", r.expectation, r.target, r.explanation)
    if not report.success:
        raise ValidationFailed(report)


# --- validate -----------------------------------------------------------------------------------


def validate_layer(
    warehouse: Path,
    layer: Layer,
    logical_date: dt.date,
    run_id: str,
    docs_dir: Path | None,
    *,
    validated_at: dt.datetime | None = None,
) -> ValidationReport:
    """Validate one layer of the warehouse.

    ``raw``: the rows of ``raw.articles``, ``raw.entity_mentions``, ``raw.statements`` and
    ``raw.issue_mentions`` with ``logical_date = logical_date``. ``marts``: the dimensions
    (actors, issues) whole, the facts and bridges on the published dates of the day's
    articles (the dates this run rebuilt). ``docs_dir=None`` skips Data Docs. Does not raise
    on failed expectations: see ``raise_for_failures``.

    ``validated_at`` (aware or naive UTC) should be the time the caller also passes to
    ``record_results`` (e.g. the Airflow run's time): it stamps the run in Data Docs and in the
    report. When omitted, GX stamps the Data Docs run with its own clock and
    ``report.validated_at`` is None; nothing else depends on it.
    """
    _quiet_gx_logging()
    from expectations import layer_spec

    started = time.perf_counter()
    validated_at = _naive_utc(validated_at) if validated_at is not None else None
    spec = layer_spec(layer)
    frames, missing = _load_frames(Path(warehouse), spec, logical_date)
    if missing:
        # Without all tables there is nothing sensible to compare against: report the gap.
        results = [_missing_table_result(table) for table in missing]
        report = ValidationReport(layer, logical_date, run_id, validated_at, results)
    else:
        report = _run_suites(spec, frames, logical_date, run_id, validated_at, docs_dir)
    log.info("%s (%.1fs)", report.summary(), time.perf_counter() - started)
    return report


def validate_layer_in_child(
    warehouse: Path,
    layer: Layer,
    logical_date: dt.date,
    run_id: str,
    docs_dir: Path | None,
    *,
    validated_at: dt.datetime | None = None,
) -> ValidationReport:
    """``validate_layer`` in a fresh process, which ends when it is done: what the pipeline runs.

    The day's frames, GX's caches and the allocator's free lists (over 1 GiB at 10,000 articles
    a day) then go back to the OS instead of staying with the caller while the next step (dbt)
    runs. Spawned, not forked: the caller may be threaded (Airflow's task runner), and a fork
    would also share, and be counted with, the caller's memory. The child's log records are
    handled by the caller's loggers; its exceptions are raised here. Costs a few seconds (the
    child imports pandas and GX anew).
    """
    with spawning() as context:  # (without the caller's main script: see spawning)
        records = context.Queue()
        replay = _ReplayRecords(records)
        replay.start()
        try:
            with ProcessPoolExecutor(
                max_workers=1,
                mp_context=context,
                initializer=_log_to_queue,
                initargs=(records, logging.getLogger().getEffectiveLevel()),
            ) as pool:
                future = pool.submit(
                    validate_layer,
                    Path(warehouse),
                    layer,
                    logical_date,
                    run_id,
                    Path(docs_dir) if docs_dir is not None else None,
                    validated_at=validated_at,
                )
                return future.result()
        finally:
            replay.stop()  # after the pool's shutdown: the child's records are all queued


def _log_to_queue(records: Any, level: int) -> None:
    """Child side: every log record at or above the caller's level goes to the caller."""
    root = logging.getLogger()
    root.handlers = [logging.handlers.QueueHandler(records)]
    root.setLevel(level)


class _ReplayRecords(logging.handlers.QueueListener):
    """Caller side: a child's records, handled by the loggers they were logged to here."""

    def handle(self, record: logging.LogRecord) -> None:
        logger = logging.getLogger(record.name)
        if logger.isEnabledFor(record.levelno):
            logger.handle(record)


def _load_frames(
    warehouse: Path, spec: LayerSpec, logical_date: dt.date
) -> tuple[dict[str, Any], list[str]]:
    if not warehouse.exists():
        raise FileNotFoundError(f"warehouse not found: {warehouse}")
    frames: dict[str, Any] = {}
    missing: list[str] = []
    con = _connect(warehouse, read_only=True)
    try:
        existing: dict[str, list[str]] = {}  # "schema.table" -> its columns, in table order
        for schema, name, column in con.execute(
            "select table_schema, table_name, column_name from information_schema.columns "
            "where table_catalog = current_database() "
            "order by table_schema, table_name, ordinal_position"
        ).fetchall():
            existing.setdefault(f"{schema}.{name}", []).append(column)
        for table in spec.stored_table_names:
            if table not in existing:
                missing.append(table)
                continue
            # Only the columns the checks and ``prepare`` read: the rest would only take memory.
            # A checked column the table lacks stays missing from the frame (GX reports it).
            wanted = spec.read_columns(table)
            columns = ", ".join(sql_identifier(c) for c in existing[table] if c in wanted) or "*"
            # table names and scopes come from the spec, never from user input
            scope = "logical_date = ?" if spec.per_logical_date else spec.table(table).scope
            if scope:
                query = con.execute(f"select {columns} from {table} where {scope}", [logical_date])
            else:
                query = con.execute(f"select {columns} from {table}")
            frames[table] = query.df()
        if not missing:
            for name, sql in spec.context_queries.items():
                frames[name] = con.execute(sql, [logical_date]).df()
    finally:
        con.close()
    return frames, missing


def _run_suites(
    spec: LayerSpec,
    frames: dict[str, Any],
    logical_date: dt.date,
    run_id: str,
    validated_at: dt.datetime | None,
    docs_dir: Path | None,
) -> ValidationReport:
    import great_expectations as gx
    from great_expectations.core.run_identifier import RunIdentifier
    from great_expectations.data_context.types.resource_identifiers import (
        ExpectationSuiteIdentifier,
        ValidationResultIdentifier,
    )

    frames = spec.add_ref_columns(spec.prepare(frames))
    parameters = spec.parameters(logical_date)
    ctx = _gx_context(docs_dir)
    gx_run = RunIdentifier(
        run_name=_key_safe(run_id),
        run_time=validated_at.replace(tzinfo=dt.UTC) if validated_at else None,
    )
    datasource = ctx.data_sources.add_pandas(name=spec.name)
    results: list[ExpectationResult] = []
    docs_resources: list[Any] = []
    for checks in spec.tables:
        frame = frames[checks.table]
        suite = ctx.suites.add_or_update(checks.build_suite())
        asset = datasource.add_dataframe_asset(name=checks.table.split(".", 1)[1])
        batch_definition = asset.add_batch_definition_whole_dataframe("whole_table")
        definition = ctx.validation_definitions.add(
            gx.ValidationDefinition(name=checks.table, data=batch_definition, suite=suite)
        )
        suite_result = definition.run(
            batch_parameters={"dataframe": frame},
            expectation_parameters=parameters,
            result_format={
                "result_format": "SUMMARY",
                "partial_unexpected_count": config.PARTIAL_UNEXPECTED_COUNT,
                "unexpected_index_column_names": [c for c in checks.row_id if c in frame],
            },
            run_id=gx_run,
        )
        order = {e.id: i for i, e in enumerate(suite.expectations)}
        results += _ordered_results(checks, suite_result, order, frame)
        suite_id = ExpectationSuiteIdentifier(name=suite.name)
        docs_resources += [
            suite_id,
            ValidationResultIdentifier(
                expectation_suite_identifier=suite_id,
                run_id=gx_run,
                batch_identifier=_batch_id(suite_result),
            ),
        ]
    docs_index = None
    if docs_dir is not None:
        docs_index = _build_docs(ctx, docs_resources, Path(docs_dir))
    return ValidationReport(
        spec.name, logical_date, run_id, validated_at, results, docs_index=docs_index
    )


def _ordered_results(
    checks: TableChecks,
    suite_result: ExpectationSuiteValidationResult,
    order: Mapping[Any, int],
    frame: Any = None,
) -> list[ExpectationResult]:
    """Results in the order the spec lists the expectations (GX groups them by domain)."""
    ranked = sorted(
        suite_result.results,
        key=lambda r: order.get(r.expectation_config.id, len(order)),
    )
    return [_to_result(checks, r, frame) for r in ranked]


def _batch_id(suite_result: ExpectationSuiteValidationResult) -> str:
    if suite_result.batch_id:
        return suite_result.batch_id
    for r in suite_result.results:
        if r.expectation_config and r.expectation_config.kwargs.get("batch_id"):
            return r.expectation_config.kwargs["batch_id"]
    definition = suite_result.meta.get("active_batch_definition", {})
    return f"{definition.get('datasource_name')}-{definition.get('data_asset_name')}"


def _gx_context(docs_dir: Path | None):
    """An ephemeral GX context: no progress bars, no analytics; with ``docs_dir``, validation
    results persist under ``docs_dir/_gx/validations`` and a filesystem Data Docs site is
    configured at ``docs_dir``."""
    import great_expectations as gx
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    defaults = InMemoryStoreBackendDefaults()
    sites: dict[str, Any] = {}
    if docs_dir is not None:
        root = Path(docs_dir).resolve()
        # Results persist so the index lists earlier runs of both layers. Suites stay in
        # memory: they are code, and concurrent runs must not rewrite shared suite files.
        defaults.stores[defaults.validation_results_store_name]["store_backend"] = {
            "class_name": "TupleFilesystemStoreBackend",
            "base_directory": str(root / "_gx" / "validations"),
        }
        sites[DOCS_SITE] = {
            "class_name": "SiteBuilder",
            "show_how_to_buttons": False,
            "store_backend": {
                "class_name": "TupleFilesystemStoreBackend",
                "base_directory": str(root),
            },
            "site_index_builder": {
                "class_name": "DefaultSiteIndexBuilder",
                "validation_results_limit": config.DATA_DOCS_VALIDATION_RESULTS_LIMIT,
            },
        }
    project_config = DataContextConfig(
        store_backend_defaults=defaults,
        data_docs_sites=sites,
        analytics_enabled=False,
        # GX draws a tqdm "Calculating Metrics" bar per validation unless told not to.
        progress_bars=ProgressBarsConfig(globally=False, metric_calculations=False),
    )
    return gx.get_context(project_config=project_config, mode="ephemeral")


def _build_docs(ctx: Any, resources: list[Any], docs_dir: Path) -> Path | None:
    """Render this run's suites and results and rebuild the index. Docs are a by-product: a
    failure here is logged, not raised (the validation outcome stands)."""
    index = docs_dir.resolve() / "index.html"
    try:
        docs_dir.mkdir(parents=True, exist_ok=True)
        ctx.build_data_docs(site_names=[DOCS_SITE], resource_identifiers=resources)
    except Exception:
        log.exception("could not build Data Docs in %s", docs_dir)
        return None
    if not index.exists():
        log.warning("GX did not write the Data Docs index %s", index)
        return None
    try:
        localize(docs_dir.resolve())  # styles and scripts from the site, not from CDNs
    except OSError:
        log.exception("could not bundle the Data Docs assets in %s", docs_dir)
    return index


# --- results ------------------------------------------------------------------------------------


def _to_result(
    checks: TableChecks, res: ExpectationValidationResult, frame: Any = None
) -> ExpectationResult:
    cfg = res.expectation_config
    kwargs = dict(cfg.kwargs)
    result = res.result or {}
    severity = getattr(cfg.severity, "value", cfg.severity) or "critical"
    error = _exception_message(res.exception_info)
    pair = (kwargs["column_A"], kwargs["column_B"]) if "column_A" in kwargs else None
    values = _distinct_values(result.get("partial_unexpected_list") or [], pair)
    observed = _observed(result, values, error)
    metric = _metric_observed(checks, frame, kwargs.get("column")) if not error else None
    explanation = ""
    if not res.success and metric:
        parts = [*_notes(cfg), f"observed {metric}", f"expected {_expected(kwargs)}"]
        explanation = "; ".join(parts)
    elif not res.success:
        explanation = _explain(cfg, kwargs, result, values, error, checks.row_id)
    return ExpectationResult(
        suite=checks.suite_name,
        expectation=cfg.type,
        table=checks.table,
        column=(cfg.meta or {}).get("column") or _column_of(kwargs),
        success=bool(res.success),
        severity=str(severity),
        observed_value=_truncate(metric or observed, config.OBSERVED_VALUE_MAX_CHARS),
        explanation=explanation,
        unexpected_values=tuple(values),
    )


def _missing_table_result(table: str) -> ExpectationResult:
    return ExpectationResult(
        suite=table,
        expectation=MISSING_TABLE,
        table=table,
        column=None,
        success=False,
        severity="critical",
        observed_value="missing",
        explanation=f"table {table} does not exist in the warehouse",
    )


def _column_of(kwargs: Mapping[str, Any]) -> str | None:
    if "column" in kwargs:
        return str(kwargs["column"])
    if "column_A" in kwargs:
        return f"{kwargs['column_A']},{kwargs['column_B']}"
    if "column_list" in kwargs:
        return ",".join(map(str, kwargs["column_list"]))
    return None


def _exception_message(info: Any) -> str | None:
    """GX reports exceptions either as one dict or as a dict of dicts keyed by metric."""
    if not info:
        return None
    candidates = [info] if "raised_exception" in info else list(info.values())
    for item in candidates:
        if isinstance(item, Mapping) and item.get("raised_exception"):
            return str(item.get("exception_message") or "exception")
    return None


def _observed(result: Mapping[str, Any], values: Sequence[Any], error: str | None) -> str:
    if error:
        return f"error: {error}"
    if "unexpected_count" in result:
        text = _counts(result)
        if values:
            text += ": " + ", ".join(_fmt(v) for v in values)
        return text
    if "observed_value" in result:
        return _fmt(result["observed_value"])
    return ""


def _metric_observed(checks: TableChecks, frame: Any, column: Any) -> str | None:
    """A metric frame's value and the counts behind it: "0.9915 (statements=117, ...)";
    "null (not judged)" when the sample was too small. None for other tables."""
    if not checks.metrics or frame is None or column not in frame or len(frame) != 1:
        return None
    row = frame.iloc[0]
    value = _plain(row[column])
    text = "null (not judged)" if value is None else _fmt(value)
    context = ", ".join(
        f"{c}={'null' if _plain(row[c]) is None else _fmt(row[c])}"
        for c in checks.row_id
        if c in frame
    )
    return f"{text} ({context})" if context else text


def _counts(result: Mapping[str, Any]) -> str:
    unexpected = result.get("unexpected_count") or 0
    total = result.get("element_count") or 0
    percent = result.get("unexpected_percent") or 0.0
    return f"{unexpected} of {total} unexpected ({percent:.1f}%)"


def _explain(
    cfg: Any,
    kwargs: Mapping[str, Any],
    result: Mapping[str, Any],
    values: Sequence[Any],
    error: str | None,
    row_id: Sequence[str],
) -> str:
    parts = _notes(cfg)
    ref = (cfg.meta or {}).get("ref")
    # a foreign key's value set is filled in per run; name the referenced column instead
    expected = f"values of {ref}" if ref else _expected(kwargs)
    if error:
        parts.append(f"could not be evaluated: {error}")
    elif "unexpected_count" in result:
        text = _counts(result)
        if values:
            shown = values[: config.MESSAGE_EXAMPLES]
            more = f" (+{len(values) - len(shown)} more)" if len(values) > len(shown) else ""
            text += "; offending values: " + ", ".join(_fmt(v) for v in shown) + more
        rows = _offending_rows(result.get("partial_unexpected_index_list") or [], row_id)
        if rows:
            text += f"; rows: {rows}"
        parts.append(text)
    else:
        parts.append(f"observed {_fmt(result.get('observed_value'))}")
    if expected:
        parts.append(f"expected {expected}")
    return "; ".join(parts)


def _notes(cfg: Any) -> list[str]:
    if not cfg.notes:
        return []
    notes = " ".join(cfg.notes) if isinstance(cfg.notes, list) else str(cfg.notes)
    return [notes.strip().rstrip(".")]


def _expected(kwargs: Mapping[str, Any]) -> str:
    items = []
    for key, value in kwargs.items():
        if key in _DOMAIN_KWARGS or value is None or (key == "mostly" and value == 1):
            continue
        if key == "value_set" and isinstance(value, list | tuple | set):
            value = list(value)
            shown = value if len(value) <= 10 else [*value[:10], f"... {len(value)} values"]
            items.append(f"{key}=[{', '.join(_fmt(v) for v in shown)}]")
        else:
            items.append(f"{key}={_fmt(value)}")
    return ", ".join(items)


def _offending_rows(index_list: Iterable[Any], row_id: Sequence[str]) -> str:
    rows: list[str] = []
    for entry in index_list:
        if not isinstance(entry, Mapping):
            continue
        key = ", ".join(f"{c}={_fmt(entry[c], quote=False)}" for c in row_id if c in entry)
        if key and key not in rows:
            rows.append(key)
        if len(rows) >= config.MESSAGE_EXAMPLES:
            break
    return "; ".join(rows)


def _distinct_values(values: Iterable[Any], pair: tuple[str, str] | None) -> list[Any]:
    """Offending values as plain Python, without repeats, in GX's order. Column-pair values
    become ``{column_A: a, column_B: b}``."""
    seen: list[Any] = []
    for value in values:
        plain = _plain(value)
        if pair and isinstance(plain, tuple) and len(plain) == 2:
            plain = {pair[0]: plain[0], pair[1]: plain[1]}
        if plain not in seen:
            seen.append(plain)
    return seen


def _plain(value: Any) -> Any:
    """numpy / pandas scalars -> Python; NaN/NaT -> None; midnight timestamps -> dates."""
    if value is None:
        return None
    if isinstance(value, list | tuple) or type(value).__name__ == "ndarray":
        return tuple(_plain(v) for v in value)
    if hasattr(value, "to_pydatetime"):  # pandas Timestamp (NaT is caught below)
        try:
            value = value.to_pydatetime()
        except ValueError:
            return None
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        with contextlib.suppress(ValueError, AttributeError):
            value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if type(value).__name__ == "NaTType":
        return None
    if isinstance(value, dt.datetime) and value.time() == dt.time() and value.tzinfo is None:
        return value.date()
    return value


def _fmt(value: Any, *, quote: bool = True) -> str:
    value = _plain(value)
    if isinstance(value, dict):
        return "(" + ", ".join(f"{k}={_fmt(v)}" for k, v in value.items()) + ")"
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    if isinstance(value, str):
        text = _truncate(value, 80)
        return repr(text) if quote else text
    return repr(value) if isinstance(value, tuple) else str(value)


def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- audit --------------------------------------------------------------------------------------

_AUDIT_COLUMNS = (
    "run_id",
    "logical_date",
    "validated_at",
    "layer",
    "suite",
    "expectation",
    "table_name",
    "column_name",
    "success",
    "severity",
    "observed_value",
)


def record_results(
    warehouse: Path,
    report: ValidationReport,
    logical_date: dt.date,
    run_id: str,
    validated_at: dt.datetime,
) -> int:
    """Append one row per expectation of ``report`` to ``audit.validation_results``.

    ``validated_at`` is the caller's timestamp (normally ``report.validated_at``, i.e. the
    Airflow run's time), stored as naive UTC. Opens a short-lived write connection (retrying
    while another process holds the DuckDB lock) and creates the raw/audit tables if needed.
    Returns the number of rows written.
    """
    at = _naive_utc(validated_at)
    rows = [
        (
            run_id,
            logical_date,
            at,
            report.layer,
            r.suite,
            r.expectation,
            r.table,
            r.column,
            r.success,
            r.severity,
            r.observed_value,
        )
        for r in report.results
    ]
    placeholders = ", ".join("?" for _ in _AUDIT_COLUMNS)
    con = _connect(Path(warehouse), read_only=False)
    try:
        con.execute(DDL)
        con.begin()
        if rows:
            con.executemany(
                f"insert into audit.validation_results ({', '.join(_AUDIT_COLUMNS)}) "
                f"values ({placeholders})",
                rows,
            )
        con.commit()
    finally:
        con.close()
    return len(rows)


# --- helpers ------------------------------------------------------------------------------------


def _connect(warehouse: Path, *, read_only: bool) -> duckdb.DuckDBPyConnection:
    """Open the warehouse, retrying while another process holds DuckDB's file lock."""
    for attempt in range(1, config.LOCK_RETRIES + 1):
        try:
            return limit_memory(duckdb.connect(str(warehouse), read_only=read_only))
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower() or attempt == config.LOCK_RETRIES:
                raise
            log.info("warehouse %s is locked, retrying (%d)", warehouse, attempt)
            time.sleep(config.LOCK_RETRY_SECONDS * attempt)
    raise AssertionError("unreachable")


def _quiet_gx_logging() -> None:
    """GX logs chatty INFO lines (registry, datasource loading) at import and per run; keep task
    logs readable unless someone configured the ``great_expectations`` logger explicitly."""
    gx_logger = logging.getLogger("great_expectations")
    if gx_logger.level == logging.NOTSET:
        gx_logger.setLevel(logging.WARNING)


def _naive_utc(ts: dt.datetime) -> dt.datetime:
    if ts.tzinfo is not None:
        ts = ts.astimezone(dt.UTC).replace(tzinfo=None)
    return ts


def _key_safe(name: str) -> str:
    """GX's filesystem stores refuse '/' and '\\' in key parts (run names)."""
    return re.sub(r"[/\\]", "_", name) or "run"


# --- on demand (`newsdw validate`) ---------------------------------------------------------------


def latest_logical_date(warehouse: Path) -> dt.date | None:
    """The newest logical date loaded into raw.articles (None: no articles, or no table)."""
    con = _connect(Path(warehouse), read_only=True)
    try:
        exists = con.execute(
            "select count(*) from information_schema.tables "
            "where table_schema = 'raw' and table_name = 'articles'"
        ).fetchone()[0]
        if not exists:
            return None
        return con.execute("select max(logical_date) from raw.articles").fetchone()[0]
    finally:
        con.close()


def validate_on_demand(
    warehouse: Path,
    layers: Sequence[Layer],
    logical_date: dt.date,
    docs_dir: Path | None,
    validated_at: dt.datetime,
    *,
    out: Any = None,
) -> list[ValidationReport]:
    """Validate ``layers`` of ``warehouse`` now, as the DAG would for ``logical_date``: record
    every result (run id ``manual__validate__<UTC timestamp>``), render Data Docs and print a
    summary per layer, its warnings and the failure explanation of ``ValidationFailed``.
    Returns the reports; the caller decides the exit status (``all(r.success ...)``)."""
    out = out or sys.stdout
    at = _naive_utc(validated_at)
    run_id = f"manual__validate__{at:%Y%m%dT%H%M%SZ}"
    reports = []
    for layer in layers:
        report = validate_layer(warehouse, layer, logical_date, run_id, docs_dir, validated_at=at)
        record_results(warehouse, report, logical_date, run_id, at)
        reports.append(report)
        print(report.summary(), file=out)
        for r in report.warnings:
            print(f"  [warning] {r.expectation} on {r.target}: {r.explanation}", file=out)
        if not report.success:
            print(format_failures(report, docs=False), file=out)
    index = next((r.docs_index for r in reversed(reports) if r.docs_index), None)
    if index:
        print(f"Data Docs: {index}", file=out)
    return reports
