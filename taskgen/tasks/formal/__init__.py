"""Formal-language puzzles: bracket sequences to complete or check, and boolean expressions.

Answers are short strings or lists (a bracket sequence, a position, labels), read from the
answer container with the shared readers (``taskgen.verifiers.parse.parse_items``) and
judged by the package's own scanners and evaluators; model text never reaches ``eval``.
Families are discovered by ``taskgen.tasks``.
"""
