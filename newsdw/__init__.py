"""newsdw, the application: the one CLI (``newsdw.cli``), settings, the daily steps
(``newsdw.pipeline``), warehouse I/O (``newsdw.warehouse``), read-only serving
(``newsdw.serve``) and operations (``newsdw.ops``). Extraction itself lives in ``extract``, the
validation suites and their runner in ``expectations``."""

from extract import __version__

__all__ = ["__version__"]
