"""time_sequence: every rule's stated meaning, the enumeration against a minute-by-minute
re-implementation, answers read from the container only, the original's bugs absent."""

from __future__ import annotations

from typing import Any

import pytest

import taskgen
from taskgen.core.errors import InvalidTaskError
from taskgen.core.registry import get
from taskgen.core.task import load_task
from taskgen.tasks.tracking import time_sequence as ts
from taskgen.verifiers.extract import boxed

FAMILY = get("time_sequence")


def day(shown: str, *periods: tuple[int, int]) -> dict[str, Any]:
    return {"shown": shown, "periods": [list(p) for p in periods]}


def person(name: str, days: list[dict[str, Any]], rule: dict[str, Any] | None = None) -> Any:
    return {"name": name, "days": days, "rule": rule}


FREE_ALL = day("busy")
BUSY_ALL = day("free")

# Alice is busy every morning until 12:00 except Wednesday (until 10:00); Bob is free only
# 10:00-11:30 on Wednesday and all Friday afternoon after 15:00.
HAND: dict[str, Any] = {
    "people": [
        person("Alice", [day("busy", (540, 720))] * 2 + [day("busy", (540, 600))] * 3),
        person(
            "Bob", [BUSY_ALL, BUSY_ALL, day("free", (600, 690)), BUSY_ALL, day("free", (900, 1020))]
        ),
    ]
}


# -- a second, minute-by-minute implementation of the stated rules ---------------------------


def stretches(entry: dict[str, Any]) -> list[tuple[int, int]]:
    """Busy stretches of a calendar day, found minute by minute."""
    listed = [(p[0], p[1]) for p in entry["periods"]]
    busy = [
        any(s <= m < e for s, e in listed) == (entry["shown"] == "busy") for m in range(540, 1020)
    ]
    found: list[tuple[int, int]] = []
    for i, flag in enumerate(busy):
        if flag and (i == 0 or not busy[i - 1]):
            start = i
        if flag and (i == len(busy) - 1 or not busy[i + 1]):
            found.append((540 + start, 541 + i))  # listed periods are never adjacent
    return found


def free_at(who: dict[str, Any], day_index: int, minute: int, busy: list[tuple[int, int]]) -> bool:
    rule = who["rule"] or {"kind": "", "value": 0}
    kind, value = rule["kind"], rule["value"]
    local = minute + {"tz_ahead": 60, "tz_behind": -60}.get(kind, 0)
    if not 540 <= local < 1020:
        return False
    if kind == "end_by" and minute >= value:
        return False
    if kind == "start_from" and minute < value:
        return False
    if kind == "lunch" and value <= minute < value + 60:
        return False
    if kind == "days_only" and not value & (1 << day_index):
        return False
    for start, end in busy:
        if kind == "skip_short" and end - start <= value:
            continue
        if kind == "skip_before" and end <= value:
            continue
        low = start - value if kind == "buffer_before" else start
        high = end + value if kind == "buffer_after" else end
        if low <= local < high:
            return False
    return True


def brute_force(people: list[dict[str, Any]]) -> tuple[int, int]:
    cap = min(
        [480]
        + [p["rule"]["value"] for p in people if p["rule"] and p["rule"]["kind"] == "max_length"]
    )
    best, count = 0, 0
    for day_index in range(5):
        busy = [stretches(p["days"][day_index]) for p in people]
        free = [
            all(free_at(p, day_index, m, b) for p, b in zip(people, busy, strict=True))
            for m in range(540, 1020)
        ]
        for start in range(540, 1020, 30):
            length = 0
            while length < cap and start + length < 1020 and free[start + length - 540]:
                length += 1
            if length > best:
                best, count = length, 1
            elif length == best and length > 0:
                count += 1
    return best, count


@pytest.mark.parametrize("level", range(1, 11))
def test_enumeration_matches_a_minute_by_minute_brute_force(level: int) -> None:
    for seed in range(3):
        task = taskgen.sample("time_sequence", level, seed)
        people = task.instance["people"]
        assert ts.write_answer(brute_force(people)) == task.answer


@pytest.mark.parametrize("kind", ts.RULE_KINDS)
def test_every_rule_value_agrees_with_the_brute_force(kind: str) -> None:
    base = taskgen.sample("time_sequence", 4, 7).instance["people"]
    for value in ts.RULE_VALUES[kind]:
        people = [{**base[0], "rule": {"kind": kind, "value": value}}, *base[1:]]
        assert ts.solve(people) == brute_force(people), (kind, value)


# -- the hand-made instance -------------------------------------------------------------------


def test_hand_made_schedule_is_solved() -> None:
    # Wednesday 10:00-11:30 is 90 minutes from 10:00 (60 from 10:30); Friday 15:00-17:00 is
    # 120 minutes from 15:00: the longest meeting is 120 minutes, at one start.
    assert ts.solve(HAND["people"]) == (120, 1)
    for payload in ("[120, 1]", "120, 1", "[120,1]", "$[120, 1]$", '["120", "1"]', "[120.0, 1]"):
        assert FAMILY.check(HAND, payload).correct, payload


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        ("[90, 1]", "90 minutes is not the longest possible meeting"),
        ("[120, 2]", "the length is right, but 2 is not the number of start times"),
        ("[0, 0]", "0 minutes is not the longest possible meeting"),
        ("[480, 1]", "480 minutes is not the longest possible meeting"),
    ],
)
def test_wrong_answers_are_rejected_with_their_reason(payload: str, reason: str) -> None:
    check = FAMILY.check(HAND, payload)
    assert not check.correct and check.format_ok and check.reason == reason


@pytest.mark.parametrize(
    ("payload", "fragment"),
    [
        ("[120]", "answer has 1 items"),
        ("[120, 1, 3]", "answer has 3 items"),
        ("[two hours, 1]", "is not a whole number"),
        ("[-120, 1]", "is not a whole number"),
        ("[120.5, 1]", "is not a whole number"),
        ("", "answer has 0 items"),
        ("x" * 500, "too long"),
    ],
)
def test_malformed_answers_are_format_errors(payload: str, fragment: str) -> None:
    check = FAMILY.check(HAND, payload)
    assert not check.correct and not check.format_ok and fragment in check.reason


def test_only_the_container_is_read() -> None:
    task = taskgen.sample("time_sequence", 3, 0)
    assert not taskgen.verify(task, f"{task.answer} is my answer, \\boxed{{[485, 2]}}").correct
    assert taskgen.verify(task, f"[1, 1] then {boxed(task.answer)}").correct


def test_the_format_example_is_never_an_answer() -> None:
    assert not FAMILY.check(HAND, ts.FORMAT_EXAMPLE).correct


# -- the rules' meanings ----------------------------------------------------------------------


def test_time_zone_ahead_shifts_the_calendar_not_like_ending_by_16() -> None:
    """The original encoded "one hour ahead" exactly like "must end by 16:00"."""
    calendar = [day("busy", (600, 660))] * 5  # local 10:00-11:00
    ahead = person("Zed", calendar, {"kind": "tz_ahead", "value": 60})
    end_by = person("Zed", calendar, {"kind": "end_by", "value": 960})
    other = person("Yan", [FREE_ALL] * 5)
    # ahead: busy 9:00-10:00 common, works until 16:00 common -> 10:00-16:00, 360 minutes
    assert ts.solve([ahead, other]) == (360, 5)
    # end by 16:00 with the calendar unshifted: 11:00-16:00, 300 minutes
    assert ts.solve([end_by, other]) == (300, 5)
    behind = person("Zed", calendar, {"kind": "tz_behind", "value": 60})
    # behind: busy 11:00-12:00 common, works from 10:00 common -> 12:00-17:00, 300 minutes
    assert ts.blocked_periods(behind, 0) == [(660, 720), (540, 600)]
    assert ts.solve([behind, other]) == (300, 5)


def test_free_times_day_makes_its_gaps_busy_periods_for_the_rules() -> None:
    # free 10:00-12:00: busy 9:00-10:00 and 12:00-17:00; a 15-minute break after the first
    calendar = [day("free", (600, 720))] * 5
    rested = person("Ann", calendar, {"kind": "buffer_after", "value": 15})
    assert ts.solve([rested]) == (90, 5)  # 10:30-12:00 (10:15 is not a start time)
    skipper = person("Ann", calendar, {"kind": "skip_before", "value": 600})
    assert ts.solve([skipper]) == (180, 5)  # 9:00-12:00


def test_skipping_is_judged_before_buffers_and_days_and_caps_apply() -> None:
    calendar = [day("busy", (600, 630), (720, 780))] * 5
    short = person("Ann", calendar, {"kind": "skip_short", "value": 30})
    assert ts.solve([short]) == (240, 5)  # 13:00-17:00; the 30-minute period is skipped
    capped = person("Ann", [FREE_ALL] * 5, {"kind": "max_length", "value": 45})
    assert ts.solve([capped]) == (45, 75)  # 16:30 leaves 30 minutes
    days = person("Ann", [FREE_ALL] * 5, {"kind": "days_only", "value": 0b01010})
    assert ts.solve([days]) == (480, 2)  # Tuesday and Thursday only
    assert "Tuesday and Thursday" in ts.describe_rule("Ann", days["rule"])


def test_the_periods_per_day_knob_is_honoured() -> None:
    """The original's cap of intervals per day never counted."""
    for seed in range(20):
        task = taskgen.sample("time_sequence", 7, seed)
        for who in task.instance["people"]:
            assert all(2 <= len(d["periods"]) <= 3 for d in who["days"])


def test_generated_golds_avoid_the_lazy_answers() -> None:
    for level in (1, 5, 10):
        for seed in range(5):
            task = taskgen.sample("time_sequence", level, seed)
            for answers in FAMILY.lazy_answers(task.instance).values():
                assert task.answer not in answers


@pytest.mark.parametrize(
    "broken",
    [
        {"people": []},
        {"people": [person("A", [FREE_ALL] * 4)]},
        {"people": [person("A", [day("busy", (500, 600))] + [FREE_ALL] * 4)]},
        {"people": [person("A", [day("busy", (600, 603))] + [FREE_ALL] * 4)]},
        {"people": [person("A", [day("busy", (600, 660), (660, 700))] + [FREE_ALL] * 4)]},
        {"people": [person("A", [FREE_ALL] * 5, {"kind": "lunch", "value": 700})]},
        {"people": [person("A", [FREE_ALL] * 5, {"kind": "nap", "value": 60})]},
        {"people": [person("A", [FREE_ALL] * 5), person("A", [FREE_ALL] * 5)]},
    ],
)
def test_malformed_instances_are_refused(broken: dict[str, Any]) -> None:
    task = taskgen.sample("time_sequence", 1, 0).model_dump()
    task["instance"] = broken
    with pytest.raises(InvalidTaskError):
        load_task(task)


@pytest.mark.parametrize("level", [1, 8, 10])
def test_no_constant_answer_dominates_a_level(level: int) -> None:
    golds = [taskgen.sample("time_sequence", level, seed).answer for seed in range(40)]
    assert max(golds.count(gold) for gold in golds) <= 4  # at most 10 % of 40 tasks
