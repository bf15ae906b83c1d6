"""Read-only views of the published BI snapshot: SQL (``sql_shell``), the run summary
(``summary``), the HTML briefing (``report``) and the analyst guide's checked queries
(``guide``)."""
