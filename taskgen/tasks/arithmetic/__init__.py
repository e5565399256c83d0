"""Arithmetic puzzles: equations to restore, numbers to combine, sums to decode.

Answers here are expressions or equations, read by the package's own tokenizer and parser
with exact rationals (``_expr``); model text never reaches ``eval``. Shared helper:
``_expr`` (tokens, parser, evaluator with stated meanings of ``/`` and ``%``, and the
enumeration of digit holes). Families are discovered by ``taskgen.tasks``.
"""
