"""cipher: textbook examples of every cipher, both directions, letter-only comparison, the
first wrong word named, lazy answers never right, bijective keys, no eval of the answer."""

from __future__ import annotations

import json
import random
from typing import Any

import pytest

import taskgen
from taskgen.core.errors import InvalidParamsError, InvalidTaskError
from taskgen.core.registry import get
from taskgen.tasks.language import cipher
from taskgen.verifiers.extract import boxed

FAMILY = get("cipher")

WIKI = "WE ARE DISCOVERED FLEE AT ONCE"


@pytest.mark.parametrize(
    ("step", "plaintext", "ciphertext"),
    [
        ({"cipher": "caesar", "shift": 3}, "HELLO WORLD", "KHOOR ZRUOG"),
        ({"cipher": "atbash"}, "HELLO WORLD", "SVOOL DLIOW"),
        ({"cipher": "affine", "a": 5, "b": 8}, "AFFINE CIPHER", "IHHWVC SWFRCP"),
        ({"cipher": "vigenere", "keyword": "LEMON"}, "ATTACK AT DAWN", "LXFOPV EF RNHR"),
        ({"cipher": "autokey", "keyword": "QUEENLY"}, "ATTACK AT DAWN", "QNXEPV YT WTWP"),
        (
            {"cipher": "substitution", "table": "ZEBRASCDFGHIJKLMNOPQTUVWXY"},
            "FLEE AT ONCE",
            "SIAA ZQ LKBA",
        ),
        ({"cipher": "rail_fence", "rails": 3}, WIKI, "WECRLTEERDSOEEFEAOCAIVDEN"),
        ({"cipher": "columnar", "keyword": "ZEBRAS"}, WIKI, "EVLNACDTESEAROFODEECWIREE"),
    ],
)
def test_textbook_examples_in_both_directions(
    step: dict[str, Any], plaintext: str, ciphertext: str
) -> None:
    for direction, gold in (("encrypt", ciphertext), ("decrypt", plaintext)):
        instance = {"direction": direction, "plaintext": plaintext, "steps": [step]}
        FAMILY.validate_instance(instance)
        assert cipher.shown_and_gold(instance)[1] == gold
        assert FAMILY.check(instance, gold).correct


VIG = {
    "direction": "decrypt",
    "plaintext": "ATTACK AT DAWN",
    "steps": [{"cipher": "vigenere", "keyword": "LEMON"}],
}


@pytest.mark.parametrize(
    "payload",
    [
        "ATTACK AT DAWN",
        "attackatdawn",
        "Attack  at\ndawn",
        '"ATTACK AT DAWN"',
        r"\text{ATTACK AT DAWN}",
        "ATT ACKATD AWN.",
    ],
)
def test_only_letters_and_their_order_count(payload: str) -> None:
    check = FAMILY.check(VIG, payload)
    assert check.correct and check.score == 1.0


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        (
            "ATTACK AT DUSK",
            "word 3 is wrong: you wrote 'DUSK', first wrong at its letter 2 "
            "(3 of 12 letters differ)",
        ),
        (
            "LXFOPV EF RNHR",
            "word 1 is wrong: you wrote 'LXFOPV', first wrong at its letter 1 "
            "(12 of 12 letters differ)",
        ),
        (
            "ATTACK AX DAWN",
            "word 2 is wrong: you wrote 'AX', first wrong at its letter 2 (1 of 12 letters differ)",
        ),
    ],
)
def test_wrong_texts_name_the_first_wrong_word(payload: str, reason: str) -> None:
    check = FAMILY.check(VIG, payload)
    assert not check.correct and check.format_ok and check.credit() == 0.0
    assert check.reason == reason


def test_a_block_gold_names_the_letter_position() -> None:
    instance = {
        "direction": "encrypt",
        "plaintext": WIKI,
        "steps": [{"cipher": "rail_fence", "rails": 3}],
    }
    check = FAMILY.check(instance, "WECRLTEERDSOEEFEAOCAIVDEX")
    assert (
        not check.correct
        and check.reason == "letter 25 is wrong: you wrote 'X' (1 of 25 letters differ)"
    )


@pytest.mark.parametrize(
    ("payload", "fragment"),
    [
        ("ATTACK AT DAWN NOW", "answer has 15 letters; the text has 12"),
        ("ATTACK AT 4AM", "answer has '4'"),
        ("ATTACK, AT DAWN", "answer has ','"),
        ("[['ATTACKATDAWN']]", "answer has '['"),
        ("__import__('os').system('echo pwned')", "answer has '_'"),
        ("   ", "answer has no letters"),
        ("ÄTTACK AT DAWN", "answer has 'Ä'"),
    ],
)
def test_malformed_answers_are_format_errors(payload: str, fragment: str) -> None:
    check = FAMILY.check(VIG, payload)
    assert not check.correct and not check.format_ok
    assert fragment in check.reason


def test_the_answer_is_read_from_the_box_only_and_never_evaluated() -> None:
    """The original ``eval``-ed the model's text (a fenced block or the whole reply)."""
    task = taskgen.sample("cipher", 4, 0)
    assert taskgen.verify(task, f"maybe {task.answer}? " + boxed(task.answer)).correct
    assert not taskgen.verify(task, boxed("NOPE NOPE NOPE") + " really: " + task.answer).correct
    verdict = taskgen.verify(task, boxed("__import__('os').system('echo pwned')"))
    assert not verdict.format_ok


def test_a_chain_of_two_is_undone_in_reverse_order() -> None:
    steps: list[dict[str, Any]] = [
        {"cipher": "vigenere", "keyword": "KEY"},
        {"cipher": "columnar", "keyword": "BAD"},
    ]
    text = "MEET ME BY THE OLD OAK TREE"
    block = cipher.encrypt(steps, text)
    one = cipher.apply_step(steps[0], text, False)
    assert block == cipher.apply_step(steps[1], one, False) and " " not in block
    instance = {"direction": "decrypt", "plaintext": text, "steps": steps}
    assert FAMILY.check(instance, text).correct
    wrong_order = cipher.apply_step(steps[1], cipher.apply_step(steps[0], block, True), True)
    assert cipher.letters_of(wrong_order) != cipher.letters_of(text)
    assert not FAMILY.check(instance, wrong_order).correct


@pytest.mark.parametrize("level", range(1, 11))
def test_every_level_is_a_bijection_and_no_lazy_answer_is_right(level: int) -> None:
    """The gold is the only answer: each chain is undone exactly, and a different text of
    the same length encrypts differently (checked on random texts)."""
    rng = random.Random(level)
    for seed in range(4):
        task = taskgen.sample("cipher", level, seed)
        inst = task.instance
        steps, plain = inst["steps"], inst["plaintext"]
        ciphertext = cipher.encrypt(steps, plain)
        assert cipher.letters_of(cipher.decrypt(steps, ciphertext)) == cipher.letters_of(plain)
        n = len(cipher.letters_of(plain))
        for _ in range(5):
            other = "".join(rng.choice(cipher.ALPHABET) for _ in range(n))
            if other != cipher.letters_of(plain):
                assert cipher.letters_of(cipher.encrypt(steps, other)) != cipher.letters_of(
                    ciphertext
                )
        assert n >= cipher.MIN_LETTERS
        for name, texts in FAMILY.lazy_answers(inst).items():
            for text in texts:
                assert not taskgen.verify(task, boxed(text)).correct, name
        assert not taskgen.verify(task, boxed(cipher.FORMAT_EXAMPLE)).correct


def test_no_self_inverse_key_is_drawn_except_atbash() -> None:
    seen = set()
    for seed in range(60):
        for level in (1, 3, 8):
            for step in taskgen.sample("cipher", level, seed).instance["steps"]:
                seen.add(step["cipher"])
                assert step.get("shift") != 13 and step.get("a") not in (1, 25)
    assert {"caesar", "atbash", "affine", "rail_fence", "columnar"} <= seen


def test_directions_and_kinds_are_spread() -> None:
    tasks = [taskgen.sample("cipher", 6, seed) for seed in range(40)]
    encrypt = sum(t.instance["direction"] == "encrypt" for t in tasks)
    assert 10 <= encrypt <= 30
    assert len({t.instance["steps"][0]["cipher"] for t in tasks}) == 5


def test_words_come_from_the_ranked_list() -> None:
    task = taskgen.sample("cipher", 2, 5)
    pool = set(cipher.word_pool(1000))
    assert all(word in pool for word in task.instance["plaintext"].split())


@pytest.mark.parametrize(
    "change",
    [
        {"plaintext": "attack at dawn"},
        {"plaintext": "ATTACK  AT DAWN"},
        {"plaintext": "ATTACK AT DAWN!"},
        {"direction": "both"},
        {"steps": []},
        {"steps": [{"cipher": "caesar", "shift": 0}]},
        {"steps": [{"cipher": "caesar"}]},
        {"steps": [{"cipher": "caesar", "shift": 3, "keyword": "KEY"}]},
        {"steps": [{"cipher": "affine", "a": 13, "b": 1}]},
        {"steps": [{"cipher": "substitution", "table": "ABC"}]},
        {"steps": [{"cipher": "columnar", "keyword": "LETTER"}]},
        {"steps": [{"cipher": "rail_fence", "rails": 1}]},
        {"steps": [{"cipher": "enigma"}]},
        {"steps": [{"cipher": "rail_fence", "rails": 2}, {"cipher": "caesar", "shift": 2}]},
    ],
)
def test_malformed_instances_are_the_callers_error(change: dict[str, Any]) -> None:
    task = taskgen.sample("cipher", 1, 0)
    record = json.loads(task.model_dump_json())
    record["instance"] = {**VIG, **change}
    with pytest.raises(InvalidTaskError):
        taskgen.verify(record, boxed("ATTACK AT DAWN"))


@pytest.mark.parametrize(
    ("knobs", "fragment"),
    [
        ({"ciphers": "caesar,enigma"}, "unknown cipher 'enigma'"),
        ({"ciphers": "caesar", "steps": 2}, "steps=2 needs a letter cipher and a transposition"),
        ({"min_words": 5, "max_words": 2}, "min_words must be at most max_words"),
        ({"max_key": 11}, "max_key"),
    ],
)
def test_bad_knobs_fail_with_a_clear_error(knobs: dict[str, Any], fragment: str) -> None:
    with pytest.raises(InvalidParamsError, match=fragment):
        taskgen.sample("cipher", 1, 0, **knobs)


def test_explicit_knobs_are_used() -> None:
    task = taskgen.sample(
        "cipher", 1, 3, ciphers="columnar", direction="decrypt", min_key=6, max_key=6
    )
    (step,) = task.instance["steps"]
    assert task.instance["direction"] == "decrypt" and len(step["keyword"]) == 6
    assert "Decrypt this ciphertext" in task.prompt and task.answer == task.instance["plaintext"]
