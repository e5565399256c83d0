"""Language puzzles: words to place, sort, decode or check.

Word lists come from the ``wordfreq`` package (frequency ranks make a natural difficulty
knob); it is imported lazily, inside the functions that draw words, so ``import taskgen``
stays light and nothing is downloaded at run time. Shared helper: ``_words`` (the filtered
word list and an index by length and letter). Families are discovered by ``taskgen.tasks``.
"""
