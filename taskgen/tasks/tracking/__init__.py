"""State-tracking puzzles: stories, schedules and tables whose final state must be computed.

Each family simulates its world with one rules engine, which renders the prompt and computes
the gold, so every gold is determinable from the text alone. Families are discovered by
``taskgen.tasks``.
"""
