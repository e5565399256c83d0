"""Grid puzzles: Latin squares, sums and islands, placement, paths and deduction.

The answer of every family here is a grid of cells (an :class:`~taskgen.verifiers.progress.
AnswerLayout`), so partial credit is progress toward the nearest solution. Shared helpers:
``_latin`` (Latin-square solutions, CNF, uniqueness oracle, checking) and ``_sums`` (sum
encodings, reveal-until-unique, tables). Families are discovered by ``taskgen.tasks``.
"""
