"""`manage.py bench`: synthetic county and province data, and timed pages against their floors.

Modules: `database` (the benchmark's own PostgreSQL database), `bulk` (COPY of rows),
`generate` (the synthetic data), `measure` (timing pages and floors), `machine` (what
the numbers were measured on), `table` (the printed table and docs/benchmarks.md) and
`run` (the whole run, called by the management command).
"""
