"""The daily steps as plain functions of the logical date (``steps``), what a run is about
(``context``), the in-process runner (``runner``) and the glue to an Airflow task context
(``orchestration``)."""
