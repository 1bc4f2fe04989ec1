"""What the county prints and opens: spreadsheets of any list, household files, 明白卡, village
ledgers and the monthly report. Every export reads through the app's own GraphQL schema, executed
in-process as the caller (`run.Reader`), so the caller's reach, the access table and the masking
apply unchanged; every export is an audit event (graph/audit.py `record_export`)."""
