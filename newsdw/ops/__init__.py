"""Operations: failure alerts (``alerts``), the embedded Airflow (``embedded_airflow``) and the
crash points the crash-safety tests use (``faults``)."""
