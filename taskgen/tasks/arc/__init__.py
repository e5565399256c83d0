"""Procedural ARC-style puzzles: infer a grid transformation from demonstrations.

Shared helper: ``_dsl`` (a small typed language of grid transformations and the search that
rejects demonstration sets a simpler program explains differently). Families are discovered
by ``taskgen.tasks``.
"""
