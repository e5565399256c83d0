"""Deduction puzzles: truth-tellers and liars, and zebra (einstein) grids.

Every asked value is proven forced during generation, by enumeration or with python-sat, so
the gold is the only answer the clues allow. Families are discovered by ``taskgen.tasks``.
"""
