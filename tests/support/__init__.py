"""Helpers shared by the tests and the benchmarks: plain modules, no fixtures.

Fixtures live in the ``conftest.py`` files; what they build on (people, keyrings, ports, a
throwaway PostgreSQL cluster, a scripted fake server) lives here, in modules named for what
they hold, so tests and ``bench/`` import them by name instead of importing a conftest.
"""
