"""Evidence: survey responses and interaction events, read and aggregated through one Ibis code path
(DuckDB embedded by default, Spark or PostgreSQL by configuration)."""
