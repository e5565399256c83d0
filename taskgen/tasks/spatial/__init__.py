"""Spatial puzzles: walks through networks of places and family trees described by facts.

Each family builds its world first, renders the prompt from it, and computes the gold with
the same code that checks answers, so every gold is determinable from the text alone.
Families are discovered by ``taskgen.tasks``.
"""
