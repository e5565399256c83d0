"""task_stream: an endless iterator of a curriculum's tasks."""

from __future__ import annotations

from itertools import islice

import pytest

from taskgen.core.errors import InvalidParamsError
from taskgen.curricula import Fixed, TargetBand, task_stream


def test_task_stream_is_endless_and_follows_the_curriculum() -> None:
    band = TargetBand("sat", window=4, start=1)
    stream = task_stream(band, batch_size=4)
    first = list(islice(stream, 4))
    band.update(first, [1.0] * 4)
    later = list(islice(stream, 8))
    assert {t.difficulty for t in first} == {1}
    assert {t.difficulty for t in later} == {2}


def test_a_bad_batch_size_raises() -> None:
    with pytest.raises(InvalidParamsError):
        task_stream(Fixed({"sat": 1}), batch_size=0)
