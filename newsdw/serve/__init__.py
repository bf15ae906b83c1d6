"""Read-only views of the published BI snapshot: SQL (``sql_shell``), the run summary
(``summary``), the HTML briefing (``report``) and the analyst guide's checked queries
(``guide``). Every one opens the snapshot through ``sandbox.connect_snapshot`` (read-only, no
file or network access, configuration locked) and runs SQL it did not write through the
sandbox's statement check."""
