"""Chaos sequences across runs (issue 10): a changing mirror, faulted and killed runs, and the
check of the output invariant. Shared by bench/chaos.py and tests/test_chaos.py."""
