"""The working warehouse: schema (``schema``), staged Parquet (``staging``), the raw load
(``load``), dbt (``dbt_runner``), the BI snapshot and Parquet export (``publish``) and the
single-writer lock (``locking``)."""
