"""newsdw extract package: sources -> articles, NLP tagging, DuckDB raw loads, the `newsdw` CLI."""

__version__ = "0.1.0"
