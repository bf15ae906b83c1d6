"""Information extraction: sources -> articles (``extract.sources``, ``extract.extraction``) and
NLP tagging -> actors, statements, issues (``extract.nlp``). A library with no DuckDB and no
Airflow in it (``tests/unit/test_layout.py`` checks): the application around it is ``newsdw``."""

__version__ = "0.1.0"
