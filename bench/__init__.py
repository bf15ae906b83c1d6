"""Throughput benchmark of newsdw: a synthetic news corpus (:mod:`bench.corpus`) and the
measurements (:mod:`bench.run`). See ``bench/README.md``."""
