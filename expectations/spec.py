"""Building blocks for the suites: one ``TableChecks`` per validated table, grouped in a
``LayerSpec`` per warehouse layer (``raw``, ``marts``).

A ``TableChecks`` becomes one GX ``ExpectationSuite`` named after its table (``raw.articles``).
Severity uses GX's own ``Expectation.severity`` field: ``critical`` failures fail the Airflow
task, ``warning`` failures are only recorded. Foreign keys are declared as ``Ref``s. Each
becomes an ``ExpectColumnValuesToBeInSet`` with an empty value set on a derived column,
``<column>__dangling``, that holds the column's values missing from the referenced table and
null elsewhere (see ``LayerSpec.add_ref_columns``): the offending values are reported as they
are, and GX never carries the referenced keys (hundreds of thousands on a large day: as a value
set they made validation several times slower than the data warranted).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import great_expectations as gx
import great_expectations.expectations as gxe
import pandas as pd
from great_expectations.expectations.metadata_types import FailureSeverity

from expectations import config

Severity = Literal["critical", "warning"]
CRITICAL: Severity = "critical"
WARNING: Severity = "warning"

Frames = dict[str, pd.DataFrame]


def critical(expectation: gxe.Expectation) -> gxe.Expectation:
    """Mark an expectation as critical: a failure fails the task."""
    expectation.severity = FailureSeverity.CRITICAL
    return expectation


def warning(expectation: gxe.Expectation) -> gxe.Expectation:
    """Mark an expectation as a warning: a failure is recorded only."""
    expectation.severity = FailureSeverity.WARNING
    return expectation


def mark(severity: Severity, expectation: gxe.Expectation) -> gxe.Expectation:
    return critical(expectation) if severity == CRITICAL else warning(expectation)


def with_severity(severity: Severity, expectations: list[gxe.Expectation]) -> list[gxe.Expectation]:
    return [mark(severity, e) for e in expectations]


@dataclass(frozen=True)
class Ref:
    """Foreign key: every non-null ``column`` value of the table must occur in ``target``
    (``schema.table.column``)."""

    column: str
    target: str
    severity: Severity = CRITICAL

    @property
    def target_table(self) -> str:
        return self.target.rsplit(".", 1)[0]

    @property
    def target_column(self) -> str:
        return self.target.rsplit(".", 1)[1]


# Expectation fields naming the one or two columns it checks (column_list: compound keys)
_COLUMN_FIELDS = ("column", "column_A", "column_B")


def expectation_columns(expectation: gxe.Expectation) -> set[str]:
    """The columns an expectation reads. Its row condition's are found as the identifiers in
    its text: a superset (``True``, ``PassThrough``), harmless because the loader keeps only
    the names the table has."""
    names = {name for f in _COLUMN_FIELDS if (name := getattr(expectation, f, None))}
    names.update(getattr(expectation, "column_list", None) or ())
    if condition := getattr(expectation, "row_condition", None):
        names.update(re.findall(r"[A-Za-z_]\w*", str(condition)))
    return names


def dangling_column(column: str) -> str:
    """Derived column of a foreign key: the values of ``column`` its target lacks, else null."""
    return f"{column}__dangling"


@dataclass
class TableChecks:
    """The checks on one table (or a table plus derived columns, see ``derived``)."""

    table: str  # "schema.table"
    row_id: tuple[str, ...]  # columns naming an offending row in reports
    expectations: list[gxe.Expectation]
    refs: list[Ref] = field(default_factory=list)
    # derived column -> how LayerSpec.prepare computes it (documentation, shown in Data Docs)
    derived: dict[str, str] = field(default_factory=dict)
    # True: not a warehouse table but ONE row of metrics that LayerSpec.prepare computes from
    # the loaded tables (e.g. NLP health). Results report the metric's value and the row_id
    # columns (the counts it was computed from) as the observed value. A null metric means
    # "not judged" (too small a sample): GX skips nulls, so the expectation passes.
    metrics: bool = False
    # SQL condition with one ``?`` (the logical date) limiting the rows validated, on a layer
    # that reads whole tables: a fact table is checked on the dates the run rebuilt, so the
    # validation costs the same on day 300 as on day 1. None: the whole table.
    scope: str | None = None

    @property
    def suite_name(self) -> str:
        return self.table

    def columns(self) -> set[str]:
        """The columns the checks name: every expectation's, the row id and the foreign keys.
        Derived columns are among them (the loader keeps only the names a table has)."""
        names = {*self.row_id, *(ref.column for ref in self.refs)}
        for expectation in self.expectations:
            names |= expectation_columns(expectation)
        return names

    def all_expectations(self) -> list[gxe.Expectation]:
        """The table's expectations followed by one in-set expectation per foreign key."""
        refs = [
            mark(
                ref.severity,
                gxe.ExpectColumnValuesToBeInSet(
                    column=dangling_column(ref.column),
                    value_set=[],
                    notes=f"Foreign key: every non-null {ref.column} is a {ref.target}.",
                    meta={"ref": ref.target, "column": ref.column},
                ),
            )
            for ref in self.refs
        ]
        return [*self.expectations, *refs]

    def build_suite(self) -> gx.ExpectationSuite:
        notes = [f"Derived column {name}: {how}" for name, how in self.derived.items()]
        return gx.ExpectationSuite(
            name=self.suite_name,
            expectations=self.all_expectations(),
            notes="\n".join(notes) or None,
            meta={"table": self.table, "row_id": list(self.row_id)},
        )


@dataclass(frozen=True)
class LayerSpec:
    """All checks of one layer, plus how to scope, prepare and parameterize its tables."""

    name: Literal["raw", "marts"]
    tables: tuple[TableChecks, ...]
    # True: read only rows with logical_date = the run's date; False: whole tables, or the
    # rows of each table's ``scope``.
    per_logical_date: bool
    # Adds derived columns (TableChecks.derived) to the loaded frames.
    prepare: Callable[[Frames], Frames] = lambda frames: frames
    # Extra suite parameters for a logical date (e.g. the data interval bounds).
    date_parameters: Callable[[dt.date], dict[str, Any]] = lambda logical_date: {}
    # Context frames read besides the validated tables and handed to ``prepare`` (e.g. the
    # article counts of earlier dates): frame name -> SQL with one ``?``, the logical date.
    context_queries: Mapping[str, str] = field(default_factory=dict)
    # Columns ``prepare`` reads beyond those the checks name: table -> columns. Only the
    # columns the layer reads are loaded (see ``read_columns``), so a column ``prepare`` needs
    # must be listed here or under a check.
    prepare_reads: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def table_names(self) -> tuple[str, ...]:
        """Every validated table, metric frames included (one GX suite each)."""
        return tuple(t.table for t in self.tables)

    @property
    def stored_table_names(self) -> tuple[str, ...]:
        """The validated tables read from the warehouse (metric frames are computed)."""
        return tuple(t.table for t in self.tables if not t.metrics)

    def table(self, name: str) -> TableChecks:
        for t in self.tables:
            if t.table == name:
                return t
        raise KeyError(name)

    def read_columns(self, table: str) -> frozenset[str]:
        """The columns of stored ``table`` that validation reads: those its checks name, those
        other tables' foreign keys point at and those ``prepare`` reads. The rest (evidence
        text, load ids, display names) is not loaded: at 10,000 articles a day it was a third
        of the memory the day's frames took."""
        names = self.table(table).columns() | set(self.prepare_reads.get(table, ()))
        names |= {
            ref.target_column for t in self.tables for ref in t.refs if ref.target_table == table
        }
        return frozenset(names)

    def suites(self) -> dict[str, gx.ExpectationSuite]:
        return {t.table: t.build_suite() for t in self.tables}

    def parameters(self, logical_date: dt.date) -> dict:
        """Suite parameters of a logical date (e.g. the data interval bounds)."""
        return dict(self.date_parameters(logical_date))

    def add_ref_columns(self, frames: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
        """Add every foreign key's ``<column>__dangling`` column to its table's frame."""
        out = dict(frames)
        for t in self.tables:
            if not t.refs:
                continue
            frame = out[t.table].copy(deep=False)  # only adds columns: the input stays as it was
            for ref in t.refs:
                known = frames[ref.target_table][ref.target_column].dropna().unique()
                values = frame[ref.column]
                frame[dangling_column(ref.column)] = values.where(
                    values.notna() & ~values.isin(known), None
                ).astype(object)
            out[t.table] = frame
        return out


def span_checks(
    start: str,
    end: str,
    *,
    length_column: str | None,
    optional: bool = False,
    severity: Severity = CRITICAL,
) -> list[gxe.Expectation]:
    """Character span [start, end) into an article body: start >= 0, start < end and, when
    ``length_column`` (the body length joined in by ``prepare``) is given, end <= length.

    ``optional`` spans (speaker, cue) may be null; rows with a missing bound are skipped.
    """
    ignore = "either_value_is_missing" if optional else "both_values_are_missing"
    checks: list[gxe.Expectation] = [
        gxe.ExpectColumnValuesToBeBetween(column=start, min_value=config.MIN_OFFSET),
        gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A=end, column_B=start, or_equal=False, ignore_row_if=ignore
        ),
    ]
    if length_column:
        checks.append(
            gxe.ExpectColumnPairValuesAToBeGreaterThanB(
                column_A=length_column,
                column_B=end,
                or_equal=True,
                ignore_row_if=ignore,
                notes=f"{end} must not run past the end of the article body.",
            )
        )
    if not optional:
        checks = [
            gxe.ExpectColumnValuesToNotBeNull(column=start),
            gxe.ExpectColumnValuesToNotBeNull(column=end),
            *checks,
        ]
    return with_severity(severity, checks)


def not_empty(column: str) -> gxe.Expectation:
    """Text with at least one non-space character (nulls are checked separately)."""
    return gxe.ExpectColumnValuesToMatchRegex(column=column, regex=r"\S")


def key_checks(*columns: str, severity: Severity = CRITICAL) -> list[gxe.Expectation]:
    """Primary key: not null and unique (compound when several columns)."""
    checks: list[gxe.Expectation] = [gxe.ExpectColumnValuesToNotBeNull(column=c) for c in columns]
    if len(columns) == 1:
        checks.append(gxe.ExpectColumnValuesToBeUnique(column=columns[0]))
    else:
        checks.append(gxe.ExpectCompoundColumnsToBeUnique(column_list=list(columns)))
    return with_severity(severity, checks)


def primary_counts(df: pd.DataFrame, keys: list[str]) -> pd.Series:
    """Per row: the ``is_primary`` rows among the rows sharing its ``keys`` (nulls compare
    equal: an article's own rows have no statement_id)."""
    if df.empty:
        return pd.Series([], index=df.index, dtype="int64")
    primary = df["is_primary"].fillna(False).astype(bool).astype("int64")
    groups = [df[k].fillna("") if df[k].dtype == object else df[k] for k in keys]
    return primary.groupby(groups, dropna=False).transform("sum").astype("int64")
