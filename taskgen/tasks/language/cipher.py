"""Classic ciphers: encrypt or decrypt a text with a cipher whose rule and key are stated in full.

Description:
    The idea of SynLogic's ``cipher`` task (arXiv 2505.19641). The original released only a
    verifier (its data came from elsewhere, in the style of KOR-Bench's cipher puzzles), so
    the generator here is new. A plaintext of English words is encrypted, or a ciphertext
    decrypted, with one cipher or a chain of two; the prompt states every rule and every key,
    so the task is solvable from the text alone.

    Letters are the 26 capitals ``A``-``Z`` with values ``A=0`` ... ``Z=25``. Ciphers:

    * letter ciphers (each letter replaced, spaces kept where they are):
      ``caesar`` (shift ``s``: ``x -> x + s mod 26``; ``s`` is never 0 or 13),
      ``atbash`` (``x -> 25 - x``, its own inverse),
      ``affine`` (``x -> a*x + b mod 26``, ``a`` coprime with 26 and neither 1 nor 25, whose
      ciphers are a shift or their own inverse; the prompt gives ``a``'s inverse too),
      ``substitution`` (a full 26-letter table, shown),
      ``vigenere`` (a keyword repeated along the letters, spaces skipped; ``x -> x + k``),
      ``autokey`` (key stream = the keyword, then the plaintext itself);
    * transpositions (spaces removed first, the letters reordered):
      ``rail_fence`` (zigzag over ``r`` rails, rails read top to bottom),
      ``columnar`` (rows under a keyword of distinct letters, no padding, columns read in the
      keyword's alphabetical order; the prompt also lists that column order).

    A chain of two is a letter cipher, then a transposition; decryption undoes them in the
    reverse order, and the prompt says so.

    Plaintexts are random words from the ``wordfreq`` package (the ``rank`` most frequent
    English tokens that are lowercase ASCII letters with a vowel, not on a block list; see
    :mod:`taskgen.tasks.language._words`), in capitals, separated by single spaces; a text
    has at least ``MIN_LETTERS`` letters. Keywords come from the same list (the 20,000 most
    frequent words), columnar keywords with all letters different.

    A draw is redrawn when a lazy answer would be right: the input echoed back, the input
    reversed, ROT13 of the input, or the input run through the other direction (encrypting
    when asked to decrypt). So no key is the identity on the text (Caesar 0, a transposition
    with more rails or columns than letters), and no cipher whose encryption equals its
    decryption is drawn except Atbash itself (Caesar 13, affine ``a = 25``, a substitution
    table that is its own inverse on the text's letters); for Atbash "the other direction"
    is the work itself, so it is not a lazy class there.

Instance:
    ``{"direction": "encrypt" | "decrypt", "plaintext": "WORDS IN CAPITALS", "steps":
    [{"cipher": "vigenere", "keyword": "LEMON"}, {"cipher": "rail_fence", "rails": 3}]}``.
    Each step holds the key fields of its cipher and no other: ``shift`` (caesar, 1-25),
    ``a`` and ``b`` (affine), ``table`` (substitution: the 26 cipher letters of ``A``-``Z``),
    ``keyword`` (vigenere, autokey, columnar: 1-20 capitals, distinct for columnar),
    ``rails`` (rail_fence, 2-50). One step, or a letter cipher followed by a transposition.
    The text shown is the plaintext (encrypt) or its encryption (decrypt); the gold is the
    other one. Anything else is refused when the task is loaded.

Answer format:
    The resulting text in ``\\boxed{}``: letters ``A``-``Z``, in either case, with spaces
    anywhere or nowhere, e.g. ``\\boxed{SEND HELP}`` (8 letters: every generated text has
    at least 10, so the prompt's example never answers a task). One pair of surrounding
    quotes is dropped; any other character (a digit, punctuation) is a format error, and
    so is a letter count different from the text's.

Scoring:
    0/1. Only the letters and their order count: the answer is uppercased, whitespace is
    removed, and the letters must equal the gold's. Each cipher is a bijection on letter
    strings of a given length once its key is fixed, so that letter sequence is the only
    right answer. The reason names the first wrong word (by the gold's word breaks, when the
    gold has spaces) or the first wrong letter position, and how many letters differ.

Difficulty:
    The cipher kinds get harder (a fixed letter shift, then keyed tables and keywords, then
    transpositions and key streams, then chains of two), keys grow and texts get longer and
    rarer. ``hardness`` is the letter count times the sum of the chain's cipher weights
    (:data:`WEIGHTS`; keyword ciphers add 0.1 per key letter, rail fence 0.1 per rail).

    =====  ============================================  =====  =====  ======  =====
    level  ciphers                                       steps  words  rank    key
    =====  ============================================  =====  =====  ======  =====
    1      caesar, atbash                                1      3      500     -
    2      caesar, atbash, rail_fence                    1      4      1000    2
    3      caesar, affine, rail_fence                    1      4-5    2000    2-3
    4      affine, substitution, vigenere, rail_fence    1      5      3000    3-4
    5      substitution, vigenere, rail_fence, columnar  1      6      5000    3-5
    6      substitution, vigenere, autokey, rail_fence,  1      7      8000    4-6
           columnar
    7      vigenere, autokey, columnar                   1      8-9    12000   5-7
    8      caesar, affine, substitution, vigenere        2      6-7    16000   3-5
           + rail_fence, columnar
    9      affine, substitution, vigenere, autokey       2      8-9    25000   4-6
           + rail_fence, columnar
    10     as level 9                                    2      10-12  50000   5-7
    =====  ============================================  =====  =====  ======  =====

    "key" is the keyword length of Vigenère, autokey and columnar and the number of rails.
    Encrypt and decrypt are drawn half and half.

Knobs:
    ``ciphers``: the cipher names to draw from, comma-separated (``"caesar,atbash"``);
    ``steps`` (1-2; 2 needs a letter cipher and a transposition among ``ciphers``);
    ``min_words`` / ``max_words`` (1-40); ``rank`` (100-50000, the word list's frequency
    cut-off); ``min_key`` / ``max_key`` (2-10, keyword length and rails);
    ``direction`` (``"encrypt"``, ``"decrypt"`` or ``"either"``, default ``"either"``).

References:
    Liu et al., "SynLogic: Synthesizing Verifiable Reasoning Data at Scale for Learning
    Logical Reasoning and Beyond", arXiv 2505.19641 (task ``cipher``); Ma et al.,
    "KOR-Bench: Benchmarking Language Models on Knowledge-Orthogonal Reasoning Tasks",
    arXiv 2410.06526 (cipher rule puzzles).

Version history:
    v0: first release.
"""

from __future__ import annotations

import functools
import random
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from taskgen.core.errors import InvalidParamsError
from taskgen.core.registry import Check, Draft, Family, register
from taskgen.core.task import Task
from taskgen.tasks.language._words import ranked_words
from taskgen.verifiers.extract import unwrap_latex

ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
LETTER_CIPHERS: tuple[str, ...] = (
    "caesar",
    "atbash",
    "affine",
    "substitution",
    "vigenere",
    "autokey",
)
TRANSPOSITIONS: tuple[str, ...] = ("rail_fence", "columnar")
CIPHERS: tuple[str, ...] = LETTER_CIPHERS + TRANSPOSITIONS
WEIGHTS: dict[str, float] = {
    "caesar": 1.0,
    "atbash": 1.0,
    "affine": 1.5,
    "substitution": 1.5,
    "rail_fence": 1.5,
    "vigenere": 2.0,
    "columnar": 2.0,
    "autokey": 2.5,
}
"""Per-letter weight of each cipher in :meth:`Cipher.hardness`."""
AFFINE_A: tuple[int, ...] = (3, 5, 7, 9, 11, 15, 17, 19, 21, 23)
"""Multipliers coprime with 26, without 1 (a shift) and 25 (its own inverse)."""
MIN_LETTERS = 10
"""Letters of every generated text (the prompt's 8-letter example is never an answer)."""
MAX_TEXT_CHARS = 2000
MAX_KEYWORD = 20
MAX_RAILS = 50
KEYWORD_RANK = 20_000
MAX_ATTEMPTS = 500
FORMAT_EXAMPLE = "SEND HELP"

Step = dict[str, Any]

LEVELS: dict[int, tuple[str, int, int, int, int, int, int]] = {
    1: ("caesar,atbash", 1, 3, 3, 500, 2, 2),
    2: ("caesar,atbash,rail_fence", 1, 4, 4, 1000, 2, 2),
    3: ("caesar,affine,rail_fence", 1, 4, 5, 2000, 2, 3),
    4: ("affine,substitution,vigenere,rail_fence", 1, 5, 5, 3000, 3, 4),
    5: ("substitution,vigenere,rail_fence,columnar", 1, 6, 6, 5000, 3, 5),
    6: ("substitution,vigenere,autokey,rail_fence,columnar", 1, 7, 7, 8000, 4, 6),
    7: ("vigenere,autokey,columnar", 1, 8, 9, 12000, 5, 7),
    8: ("caesar,affine,substitution,vigenere,rail_fence,columnar", 2, 6, 7, 16000, 3, 5),
    9: ("affine,substitution,vigenere,autokey,rail_fence,columnar", 2, 8, 9, 25000, 4, 6),
    10: ("affine,substitution,vigenere,autokey,rail_fence,columnar", 2, 10, 12, 50000, 5, 7),
}
"""Level -> (ciphers, steps, min_words, max_words, rank, min_key, max_key)."""


def _cipher_names(value: str) -> list[str]:
    return [name.strip() for name in value.split(",") if name.strip()]


class CipherKnobs(BaseModel):
    """Knobs of the ``cipher`` family."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    ciphers: str = Field(description="comma-separated cipher names to draw from")
    steps: int = Field(
        ge=1, le=2, description="ciphers chained (2: letter cipher, then transposition)"
    )
    min_words: int = Field(ge=1, le=40, description="fewest words in the plaintext")
    max_words: int = Field(ge=1, le=40, description="most words in the plaintext")
    rank: int = Field(ge=100, le=50_000, description="frequency-rank cut-off of the word list")
    min_key: int = Field(ge=2, le=10, description="shortest keyword / fewest rails")
    max_key: int = Field(ge=2, le=10, description="longest keyword / most rails")
    direction: Literal["encrypt", "decrypt", "either"] = Field(
        default="either", description="what the task asks"
    )

    @field_validator("ciphers")
    @classmethod
    def _known(cls, value: str) -> str:
        names = _cipher_names(value)
        if not names:
            raise ValueError(f"name at least one cipher of {', '.join(CIPHERS)}")
        for name in names:
            if name not in CIPHERS:
                raise ValueError(f"unknown cipher {name!r}; known: {', '.join(CIPHERS)}")
        return value


class CipherStep(BaseModel):
    """One cipher of a chain with its key (only the fields of its kind)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    cipher: Literal[
        "caesar",
        "atbash",
        "affine",
        "substitution",
        "vigenere",
        "autokey",
        "rail_fence",
        "columnar",
    ]
    shift: int | None = None
    a: int | None = None
    b: int | None = None
    table: str | None = None
    keyword: str | None = None
    rails: int | None = None

    @model_validator(mode="after")
    def _key_fits(self) -> CipherStep:
        wanted = {
            "caesar": {"shift"},
            "atbash": set(),
            "affine": {"a", "b"},
            "substitution": {"table"},
            "vigenere": {"keyword"},
            "autokey": {"keyword"},
            "columnar": {"keyword"},
            "rail_fence": {"rails"},
        }[self.cipher]
        given = {
            f
            for f in ("shift", "a", "b", "table", "keyword", "rails")
            if getattr(self, f) is not None
        }
        if given != wanted:
            need = ", ".join(sorted(wanted)) or "no key"
            raise ValueError(
                f"{self.cipher} takes {need}, got {', '.join(sorted(given)) or 'none'}"
            )
        if self.shift is not None and not 1 <= self.shift <= 25:
            raise ValueError(f"shift must be 1-25, got {self.shift}")
        if self.a is not None and (self.a % 2 == 0 or self.a % 13 == 0 or not 0 < self.a < 26):
            raise ValueError(f"a must be 1-25 and coprime with 26, got {self.a}")
        if self.b is not None and not 0 <= self.b <= 25:
            raise ValueError(f"b must be 0-25, got {self.b}")
        if self.table is not None and sorted(self.table) != list(ALPHABET):
            raise ValueError("table must hold each of the 26 capitals A-Z once")
        if self.keyword is not None:
            if not (1 <= len(self.keyword) <= MAX_KEYWORD and is_capitals(self.keyword)):
                raise ValueError(f"keyword must be 1-{MAX_KEYWORD} capitals A-Z")
            if self.cipher == "columnar" and len(set(self.keyword)) != len(self.keyword):
                raise ValueError("a columnar keyword must have all letters different")
        if self.rails is not None and not 2 <= self.rails <= MAX_RAILS:
            raise ValueError(f"rails must be 2-{MAX_RAILS}, got {self.rails}")
        return self


class CipherInstance(BaseModel):
    """``Task.instance`` of the ``cipher`` family."""

    model_config = ConfigDict(extra="forbid", strict=True)

    direction: Literal["encrypt", "decrypt"]
    plaintext: str = Field(min_length=1, max_length=MAX_TEXT_CHARS)
    steps: list[CipherStep] = Field(min_length=1, max_length=2)

    @model_validator(mode="after")
    def _consistent(self) -> CipherInstance:
        words = self.plaintext.split(" ")
        if not all(word and is_capitals(word) for word in words):
            raise ValueError("plaintext must be words of capitals A-Z separated by single spaces")
        kinds = [step.cipher for step in self.steps]
        if len(kinds) == 2 and not (kinds[0] in LETTER_CIPHERS and kinds[1] in TRANSPOSITIONS):
            raise ValueError("a chain of two is a letter cipher followed by a transposition")
        return self


def is_capitals(text: str) -> bool:
    """Returns whether ``text`` is non-empty and only capitals ``A``-``Z``."""
    return bool(text) and text.isascii() and text.isalpha() and text.isupper()


# -- the ciphers ----------------------------------------------------------------------------------


def letters_of(text: str) -> str:
    """Returns the letters of ``text`` (spaces dropped)."""
    return text.replace(" ", "")


def _respace(letters: str, like: str) -> str:
    """Puts the spaces of ``like`` back into ``letters`` (as many letters as ``like`` has)."""
    if " " not in like:
        return letters
    out = []
    start = 0
    for word in like.split(" "):
        out.append(letters[start : start + len(word)])
        start += len(word)
    return " ".join(out)


def _shift_stream(text: str, shifts: list[int], sign: int) -> str:
    """Shifts the ``i``-th letter of ``text`` by ``sign * shifts[i]``; spaces stay."""
    plain = letters_of(text)
    moved = "".join(
        [ALPHABET[(ord(c) - 65 + sign * k) % 26] for c, k in zip(plain, shifts, strict=False)]
    )
    return _respace(moved, text)


@functools.lru_cache(maxsize=1024)
def _translation(table: str) -> dict[int, int]:
    return str.maketrans(ALPHABET, table)


def _map_letters(text: str, table: str) -> str:
    """Replaces each letter ``X`` by ``table[value of X]``; spaces stay."""
    return text.translate(_translation(table))


def _inverse_table(table: str) -> str:
    inverse = [""] * 26
    for plain, cipher in enumerate(table):
        inverse[ord(cipher) - 65] = ALPHABET[plain]
    return "".join(inverse)


def letter_table(step: Step) -> str:
    """Returns the encryption table (cipher letter of A..Z) of a position-free letter cipher."""
    kind = step["cipher"]
    if kind == "caesar":
        return "".join(ALPHABET[(x + step["shift"]) % 26] for x in range(26))
    if kind == "atbash":
        return ALPHABET[::-1]
    if kind == "affine":
        return "".join(ALPHABET[(step["a"] * x + step["b"]) % 26] for x in range(26))
    table: str = step["table"]
    return table


def transposition_order(step: Step, n: int) -> list[int]:
    """Returns the plaintext positions in ciphertext order: ciphertext letter ``j`` is
    plaintext letter ``order[j]``.

    >>> transposition_order({"cipher": "rail_fence", "rails": 3}, 7)
    [0, 4, 1, 3, 5, 2, 6]
    >>> transposition_order({"cipher": "columnar", "keyword": "BA"}, 5)
    [1, 3, 0, 2, 4]
    """
    if step["cipher"] == "rail_fence":
        rails: int = step["rails"]
        cycle = 2 * rails - 2
        rail = [min(i % cycle, cycle - i % cycle) for i in range(n)]
        return sorted(range(n), key=lambda i: (rail[i], i))
    keyword: str = step["keyword"]
    rank = column_ranks(keyword)
    return sorted(range(n), key=lambda i: (rank[i % len(keyword)], i))


def column_ranks(keyword: str) -> list[int]:
    """Returns each keyword column's place in the reading order (0 = read first).

    >>> column_ranks("ZEBRA")
    [4, 2, 1, 3, 0]
    """
    order = sorted(range(len(keyword)), key=lambda i: (keyword[i], i))
    ranks = [0] * len(keyword)
    for place, column in enumerate(order):
        ranks[column] = place
    return ranks


def apply_step(step: Step, text: str, decrypt: bool) -> str:
    """Encrypts (or decrypts) ``text`` with one cipher.

    Letter ciphers keep spaces in place; transpositions drop them first.

    >>> apply_step({"cipher": "vigenere", "keyword": "LEMON"}, "ATTACK AT DAWN", False)
    'LXFOPV EF RNHR'
    >>> apply_step({"cipher": "autokey", "keyword": "QUEENLY"}, "ATTACK AT DAWN", False)
    'QNXEPV YT WTWP'
    >>> apply_step({"cipher": "autokey", "keyword": "QUEENLY"}, "QNXEPV YT WTWP", True)
    'ATTACK AT DAWN'
    """
    kind = step["cipher"]
    if kind in TRANSPOSITIONS:
        plain = letters_of(text)
        order = transposition_order(step, len(plain))
        if not decrypt:
            return "".join(plain[i] for i in order)
        out = [""] * len(plain)
        for j, i in enumerate(order):
            out[i] = plain[j]
        return "".join(out)
    if kind == "vigenere":
        key = [ord(c) - 65 for c in step["keyword"]]
        n = len(letters_of(text))
        return _shift_stream(text, [key[i % len(key)] for i in range(n)], -1 if decrypt else 1)
    if kind == "autokey":
        key = [ord(c) - 65 for c in step["keyword"]]
        if not decrypt:
            stream = key + [ord(c) - 65 for c in letters_of(text)]
            return _shift_stream(text, stream, 1)
        out = []
        recovered: list[int] = []
        for char in text:
            if char == " ":
                out.append(char)
                continue
            index = len(recovered)
            k = key[index] if index < len(key) else recovered[index - len(key)]
            value = (ord(char) - 65 - k) % 26
            recovered.append(value)
            out.append(ALPHABET[value])
        return "".join(out)
    table = letter_table(step)
    return _map_letters(text, _inverse_table(table) if decrypt else table)


def encrypt(steps: list[Step], text: str) -> str:
    """Applies the chain in order."""
    for step in steps:
        text = apply_step(step, text, False)
    return text


def decrypt(steps: list[Step], text: str) -> str:
    """Undoes the chain: the last cipher first."""
    for step in reversed(steps):
        text = apply_step(step, text, True)
    return text


def shown_and_gold(instance: dict[str, Any]) -> tuple[str, str]:
    """Returns the text shown in the prompt and the gold answer."""
    key = tuple(
        tuple(sorted((k, v) for k, v in step.items() if v is not None))
        for step in instance["steps"]
    )
    return _shown_and_gold(instance["plaintext"], instance["direction"], key)


@functools.lru_cache(maxsize=4096)
def _shown_and_gold(
    plaintext: str, direction: str, key: tuple[tuple[tuple[str, Any], ...], ...]
) -> tuple[str, str]:
    ciphertext = encrypt([dict(step) for step in key], plaintext)
    if direction == "encrypt":
        return plaintext, ciphertext
    return ciphertext, plaintext


def rot13(text: str) -> str:
    """Returns ROT13 of ``text`` (letters shifted by 13, spaces kept)."""
    return _map_letters(text, ALPHABET[13:] + ALPHABET[:13])


def lazy_texts(instance: dict[str, Any]) -> dict[str, str]:
    """Returns, by class, answers written without solving the task."""
    shown, _ = shown_and_gold(instance)
    steps = instance["steps"]
    found = {"echo": shown, "reversed": shown[::-1], "rot13": rot13(shown)}
    if [step["cipher"] for step in steps] != ["atbash"]:  # Atbash: both directions are the work
        other = decrypt if instance["direction"] == "encrypt" else encrypt
        found["wrong_direction"] = other(steps, shown)
    return found


# -- generation -----------------------------------------------------------------------------------


@functools.cache
def word_pool(rank: int) -> tuple[str, ...]:
    """Returns the plaintext words of the ``rank`` cut-off: a vowel, and one letter only for
    ``a`` and ``i``."""
    return tuple(
        word.upper()
        for word in ranked_words(rank)
        if any(v in word for v in "aeiouy") and (len(word) > 1 or word in ("a", "i"))
    )


@functools.cache
def keyword_pool(length: int, distinct: bool) -> tuple[str, ...]:
    """Returns the keywords of ``length`` letters (all different when ``distinct``)."""
    return tuple(
        word
        for word in word_pool(KEYWORD_RANK)
        if len(word) == length and (not distinct or len(set(word)) == length)
    )


def draw_step(kind: str, knobs: CipherKnobs, rng: random.Random) -> Step:
    """Draws the key of one cipher."""
    if kind == "caesar":
        return {"cipher": kind, "shift": rng.choice([s for s in range(1, 26) if s != 13])}
    if kind == "atbash":
        return {"cipher": kind}
    if kind == "affine":
        return {"cipher": kind, "a": rng.choice(AFFINE_A), "b": rng.randrange(26)}
    if kind == "substitution":
        table = list(ALPHABET)
        rng.shuffle(table)
        return {"cipher": kind, "table": "".join(table)}
    size = rng.randint(knobs.min_key, knobs.max_key)
    if kind == "rail_fence":
        return {"cipher": kind, "rails": size}
    pool = keyword_pool(size, kind == "columnar")
    return {"cipher": kind, "keyword": rng.choice(pool)}


def draw_instance(knobs: CipherKnobs, rng: random.Random) -> dict[str, Any]:
    """Draws a plaintext, a chain and a direction (one attempt, no checks)."""
    names = _cipher_names(knobs.ciphers)
    pool = word_pool(knobs.rank)
    count = rng.randint(knobs.min_words, knobs.max_words)
    plaintext = " ".join(rng.choice(pool) for _ in range(count))
    if knobs.steps == 1:
        kinds = [rng.choice(names)]
    else:
        kinds = [
            rng.choice([n for n in names if n in LETTER_CIPHERS]),
            rng.choice([n for n in names if n in TRANSPOSITIONS]),
        ]
    steps = [draw_step(kind, knobs, rng) for kind in kinds]
    direction = knobs.direction
    if direction == "either":
        direction = rng.choice(("encrypt", "decrypt"))
    return {"direction": direction, "plaintext": plaintext, "steps": steps}


def is_fair(instance: dict[str, Any]) -> bool:
    """Returns whether the text is long enough and no lazy answer has the gold's letters."""
    _, gold = shown_and_gold(instance)
    target = letters_of(gold)
    if len(target) < MIN_LETTERS:
        return False
    return all(letters_of(text) != target for text in lazy_texts(instance).values())


# -- prompt ---------------------------------------------------------------------------------------


def describe_step(step: Step) -> str:
    """States one cipher's rule and key in full."""
    kind = step["cipher"]
    if kind == "caesar":
        s = step["shift"]
        return (
            f"Caesar cipher with shift {s}. To encrypt, replace each letter by the letter {s} "
            f"places later in the alphabet, wrapping around from Z to A: value x becomes "
            f"(x + {s}) mod 26 (so A becomes {ALPHABET[s]} and Z becomes "
            f"{ALPHABET[(25 + s) % 26]}). "
            f"To decrypt, shift each letter {s} places back: (x - {s}) mod 26."
        )
    if kind == "atbash":
        return (
            "Atbash cipher. Each letter is replaced by the letter at the same place counted "
            "from the other end of the alphabet: value x becomes 25 - x (A and Z swap, B and Y, "
            "C and X, and so on). Applying it twice gives the original back, so encrypting and "
            "decrypting are the same operation."
        )
    if kind == "affine":
        a, b = step["a"], step["b"]
        inverse = pow(a, -1, 26)
        return (
            f"Affine cipher with a = {a} and b = {b}. To encrypt, value x becomes "
            f"({a} * x + {b}) mod 26. To decrypt, value y becomes ({inverse} * (y - {b})) mod 26, "
            f"because {inverse} is the inverse of {a} modulo 26 ({a} * {inverse} = "
            f"{a * inverse}, which is 1 more than a multiple of 26)."
        )
    if kind == "substitution":
        return (
            "Substitution cipher with the table below. To encrypt, replace each letter of the "
            "upper row by the letter under it; to decrypt, replace each letter of the lower row "
            "by the letter above it.\n"
            f"    plain:  {' '.join(ALPHABET)}\n"
            f"    cipher: {' '.join(step['table'])}"
        )
    if kind == "vigenere":
        key = step["keyword"]
        values = ", ".join(f"{c}={ord(c) - 65}" for c in dict.fromkeys(key))
        return (
            f"Vigenère cipher with keyword {key}. Write the keyword under the letters of the "
            "text, repeated as often as needed (a space gets no keyword letter and does not use "
            "one up). Each letter is shifted by the value of the keyword letter under it "
            f"({values}): to encrypt, x becomes (x + k) mod 26; to decrypt, (x - k) mod 26."
        )
    if kind == "autokey":
        key = step["keyword"]
        m = len(key)
        return (
            f"Autokey cipher with keyword {key}. The key stream is the keyword followed by the "
            "plaintext itself: counting letters only (spaces get no key letter), plaintext letter "
            f"number i (from 1) is shifted by key letter number i, which is keyword letter i for "
            f"i <= {m} and plaintext letter i - {m} after that. To encrypt, x becomes "
            "(x + k) mod 26; to decrypt, (x - k) mod 26, where after the first "
            f"{m} letters the key letters are the plaintext letters already recovered."
        )
    if kind == "rail_fence":
        r = step["rails"]
        visits = ", ".join(str(i) for i in [*range(1, r + 1), *range(r - 1, 0, -1), 2])
        return (
            f"Rail fence cipher with {r} rails. Spaces are removed first. The letters are "
            f"written one per column in a zigzag over {r} rows (rails): the first letter on rail "
            f"1 (top), the next on rail 2, and so on down to rail {r}, then back up, then down "
            f"again (the rails visited are {visits}, ...). The ciphertext is rail 1 read left to "
            f"right, then rail 2, and so on to rail {r}. To decrypt, count how many letters the "
            "zigzag puts on each rail, cut the ciphertext into the rails in that order, and read "
            "the letters back along the zigzag."
        )
    key = step["keyword"]
    k = len(key)
    order = sorted(range(k), key=lambda i: (key[i], i))
    reading = ", ".join(f"{i + 1} ({key[i]})" for i in order)
    return (
        f"Columnar transposition with keyword {key} ({k} different letters). Spaces are removed "
        f"first. The letters are written row by row, left to right, into a grid of {k} "
        f"columns headed by the keyword letters; the last row may be incomplete (no padding). "
        "The ciphertext is the columns read top to bottom, one after another, in the "
        "alphabetical order of their keyword letters: by position from the left, columns "
        f"{reading}. With n letters, the first (n mod {k}) columns from the left hold one "
        "letter more than the others. To decrypt, work out each column's length, cut the "
        "ciphertext into the columns in that reading order, and read the grid row by row."
    )


def render_prompt(instance: dict[str, Any]) -> str:
    """Writes the prompt: the rules and keys, the text, the question and the answer format."""
    steps = instance["steps"]
    encrypting = instance["direction"] == "encrypt"
    shown, _ = shown_and_gold(instance)
    given, wanted = ("plaintext", "ciphertext") if encrypting else ("ciphertext", "plaintext")
    verb = "Encrypt" if encrypting else "Decrypt"
    if len(steps) == 1:
        rules = "The cipher: " + describe_step(steps[0])
        chain = ""
    else:
        rules = (
            "Encryption applies two ciphers, in this order.\n\n"
            f"Step 1: {describe_step(steps[0])}\n\n"
            f"Step 2: {describe_step(steps[1])}"
        )
        chain = (
            "\n\nTo decrypt, undo the steps in the reverse order: first undo step 2, "
            "then undo step 1."
        )
    if any(step["cipher"] in TRANSPOSITIONS for step in steps):
        spaces = "The transposition removes the spaces, so the ciphertext is one block of letters."
    else:
        spaces = "The cipher changes letters only: spaces stay where they are."
    return (
        f"Cipher task: {verb.lower()} a text.\n\n"
        "Letters are the 26 capitals A to Z, with values A=0, B=1, ..., Z=25; 'mod 26' "
        "wraps a value back into 0-25 (e.g. 27 mod 26 = 1, -3 mod 26 = 23). The plaintext "
        "is English words in capitals separated by single spaces.\n\n"
        f"{rules}{chain}\n\n{spaces}\n\n"
        f"{verb} this {given}:\n{shown}\n\n"
        f"Answer with the {wanted} in capital letters. Only the letters and their order are "
        "checked: upper and lower case count the same, and spaces are ignored (keep word "
        "breaks or leave them out). Put nothing in the box but letters and spaces.\n"
        f"Format example only (not the answer here): \\boxed{{{FORMAT_EXAMPLE}}}\n"
        f"Think step by step, then put only the final {wanted} inside \\boxed{{}}."
    )


# -- reading an answer ----------------------------------------------------------------------------


def read_letters(payload: str) -> str | Check:
    """Reads an answer into its capital letters, or returns the format-error :class:`Check`."""
    text = unwrap_latex(payload)
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'`":
        text = text[1:-1]
    if len(text) > 4 * MAX_TEXT_CHARS:
        return Check(False, 0.0, f"answer is too long ({len(text)} characters)", False)
    out = []
    for char in text:
        if char.isspace():
            continue
        upper = char.upper()
        if not ("A" <= upper <= "Z" and len(upper) == 1):
            return Check(
                False, 0.0, f"answer has {char!r}: write only letters A-Z and spaces", False
            )
        out.append(upper)
    if not out:
        return Check(False, 0.0, "answer has no letters", False)
    return "".join(out)


def judge(gold: str, answer: str) -> Check:
    """Compares the answer's letters with the gold's; names the first wrong word or letter."""
    target = letters_of(gold)
    if len(answer) != len(target):
        return Check(
            False,
            0.0,
            f"answer has {len(answer)} letters; the text has {len(target)}",
            False,
        )
    wrong = [i for i in range(len(target)) if answer[i] != target[i]]
    if not wrong:
        return Check(True, 1.0, f"all {len(target)} letters right")
    first = wrong[0]
    tail = f"{len(wrong)} of {len(target)} letters differ"
    if " " in gold:
        start = 0
        for number, word in enumerate(gold.split(" "), 1):
            if start <= first < start + len(word):
                written = answer[start : start + len(word)]
                where = first - start + 1
                return Check(
                    False,
                    0.0,
                    f"word {number} is wrong: you wrote {written[:24]!r}, first wrong at its "
                    f"letter {where} ({tail})",
                )
            start += len(word)
    return Check(False, 0.0, f"letter {first + 1} is wrong: you wrote {answer[first]!r} ({tail})")


# -- the family -----------------------------------------------------------------------------------


@register("cipher")
class Cipher(Family):
    """Encrypt or decrypt a text with classic ciphers stated in full (SynLogic's cipher)."""

    cell_answer = False  # a text, scored 0/1
    version = 0
    kind = "puzzle"
    description = "Ciphers: encrypt or decrypt a text with a fully stated classic cipher"
    Knobs = CipherKnobs
    Instance = CipherInstance

    def validate_for_generation(self, knobs: CipherKnobs) -> None:
        names = _cipher_names(knobs.ciphers)
        if knobs.min_words > knobs.max_words:
            raise InvalidParamsError(
                f"cipher: min_words must be at most max_words, got {knobs.min_words} > "
                f"{knobs.max_words}"
            )
        if knobs.min_key > knobs.max_key:
            raise InvalidParamsError(
                f"cipher: min_key must be at most max_key, got {knobs.min_key} > {knobs.max_key}"
            )
        if knobs.steps == 2 and not (
            any(n in LETTER_CIPHERS for n in names) and any(n in TRANSPOSITIONS for n in names)
        ):
            raise InvalidParamsError(
                "cipher: steps=2 needs a letter cipher and a transposition (rail_fence or "
                f"columnar) among ciphers, got {knobs.ciphers!r}"
            )

    def knobs_for_level(self, level: int) -> dict[str, Any]:
        ciphers, steps, low, high, rank, key_low, key_high = LEVELS[level]
        return {
            "ciphers": ciphers,
            "steps": steps,
            "min_words": low,
            "max_words": high,
            "rank": rank,
            "min_key": key_low,
            "max_key": key_high,
        }

    def generate(self, knobs: CipherKnobs, rng: random.Random) -> Draft:
        for attempt in range(MAX_ATTEMPTS):
            instance = draw_instance(knobs, rng)
            if is_fair(instance):
                _, gold = shown_and_gold(instance)
                meta = {
                    "letters": len(letters_of(gold)),
                    "ciphers": [step["cipher"] for step in instance["steps"]],
                    "redraws": attempt,
                }
                return Draft(render_prompt(instance), gold, instance, meta)
        raise InvalidParamsError(
            f"cipher: no fair text in {MAX_ATTEMPTS} draws with {knobs.model_dump()}; "
            f"texts need {MIN_LETTERS}+ letters and a key that changes them"
        )

    def check(self, instance: dict[str, Any], payload: str) -> Check:
        answer = read_letters(payload)
        if isinstance(answer, Check):
            return answer
        _, gold = shown_and_gold(instance)
        return judge(gold, answer)

    def lazy_answers(self, instance: dict[str, Any]) -> dict[str, list[str]]:
        return {name: [text] for name, text in lazy_texts(instance).items()}

    def hardness(self, task: Task) -> float:
        """Letters times the summed cipher weights (keyword ciphers +0.1 per key letter,
        rail fence +0.1 per rail)."""
        weight = 0.0
        for step in task.instance["steps"]:
            weight += WEIGHTS[step["cipher"]]
            if step.get("keyword"):
                weight += 0.1 * len(step["keyword"])
            if step.get("rails"):
                weight += 0.1 * step["rails"]
        return len(letters_of(task.instance["plaintext"])) * weight
