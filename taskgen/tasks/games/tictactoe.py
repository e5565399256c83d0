"""TicTacToe: three in a row on a 3×3 board, with a perfect minimax player.

Description:
    The classic game, one of SPIRAL's three training games. The engine :class:`TicTacToe` is
    exact and tiny; :func:`minimax_value` solves any position (memoised over the 5,478
    reachable boards).

Rules (exact):
    * Cells are numbered 0–8 row by row (0 1 2 / 3 4 5 / 6 7 8).
    * Player 0 plays X and moves first; Player 1 plays O. Players alternate, each placing
      their mark in an empty cell. A move is a cell number: ``\\boxed{4}`` or ``[4]``.
    * Three of a player's marks in a row, column or diagonal (:data:`LINES`) win at once
      (+1 / −1); a full board without a line is a draw (0 / 0).
    * An occupied cell, a number outside 0–8 or anything else is an invalid move.

Task contract (family ``tictactoe``):
    See :class:`~taskgen.tasks.games._base.GameFamily`. Answer: the cell inside the box,
    ``\\boxed{4}`` (``[4]`` reads the same). A legal move is sound iff it is minimax-optimal:
    its game-theoretic value (win, draw or loss under perfect play) equals the best
    available. A task is a position of a legal game, drawn from every reachable position
    whose decision fits the level, in a random move order that reaches it; the seat is the
    player to move. Every task has at least one unsound move, at most two sound ones (knob
    ``max_sound_moves``) and at most half of its legal moves sound.

Difficulty (measured):
    Two numbers describe a decision. Its **look-ahead depth** D (:func:`lookahead_depth`):
    the fewest plies a depth-limited minimax must search (positions it cannot finish are
    valued as draws) for its best moves to be exactly the sound ones: 1 = a win in one,
    2 = a threat to block, 3 and more = forks and the moves that prevent them. Its **sound
    share** s: the share of legal moves that are sound, a random legal move's accuracy.
    The decision score is ``D + (1 - s)`` (:func:`decision_score`), and ``hardness`` is the
    task's score. Each level draws from one band of scores, so D never falls and, within one
    D, s falls with the level (mean s over 100 seeds in the last column; s jumps back up
    where D grows: a deeper decision with two moves is still the harder one):

    =====  =============  ===  =========================================  ======
    level  score          D    decision                                   mean s
    =====  =============  ===  =========================================  ======
    1      [1.0, 1.6)     1    win in one, one of two moves               0.50
    2      [1.6, 2.0)     1    win in one, one move in three to five      0.30
    3      [2.0, 2.6)     2    block a threat, one of two moves           0.50
    4      [2.6, 2.78)    2    block a threat, one in three or four       0.28
    5      [2.78, 3.0)    2    block a threat, one in five or six         0.19
    6      [3.0, 3.55)    3    make or stop a fork, half the moves        0.50
    7      [3.55, 3.7)    3    make or stop a fork, a third or 2 in 5     0.39
    8      [3.7, 4.0)     3    make or stop a fork, a fifth or quarter    0.21
    9      [4.0, 5.0)     4    e.g. an edge, not a corner, against two    0.22
                               opposite corners
    10     [5.0, 7.0)     5-6  opening replies, e.g. the centre against   0.18
                               a corner
    =====  =============  ===  =========================================  ======

    Corner and centre answers dominate the deep decisions, so positions are weighted
    (maximum-entropy weights, :data:`CELL_CAP`) so that no cell is a sound move in more than
    20% of a level's tasks (22% at level 6, the most the band allows): no constant answer
    solves many.

Knobs:
    ``score_band`` [lo, hi) (the level's band), ``max_sound_moves`` 1–8 (2), ``seat``
    (0 = X, 1 = O, None: either).

References:
    Liu et al., "SPIRAL", 2025 (TextArena's ``TicTacToe-v0``).

Version history:
    v1: the level is the decision's difficulty (look-ahead depth and sound share, table
    above), not the opponent's strength; positions are drawn from every reachable position
    of the level's band, never one where every legal move is sound; the prompt's format
    example is the placeholder ``\\boxed{<cell>}``, not a legal cell; the instance refuses
    unknown keys and a state that is over or not the seat's turn; ``[4]`` is read as a box.
    v0: first release.
"""

from __future__ import annotations

import bisect
import math
import random
from collections.abc import Hashable
from functools import cache, lru_cache
from typing import Any, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, model_validator

from taskgen.core.errors import InvalidParamsError
from taskgen.core.registry import register
from taskgen.core.task import Task
from taskgen.tasks.games._base import (
    Decision,
    Game,
    GameFamily,
    GameInstance,
    Illegal,
    Outcome,
    quote,
    zero_sum,
)

LINES: tuple[tuple[int, int, int], ...] = (
    (0, 1, 2),
    (3, 4, 5),
    (6, 7, 8),
    (0, 3, 6),
    (1, 4, 7),
    (2, 5, 8),
    (0, 4, 8),
    (2, 4, 6),
)
"""The eight winning lines."""
MARKS = ("X", "O")
EMPTY = "."
CELLS = tuple(str(i) for i in range(9))
_CELL_OF = {text: cell for cell, text in enumerate(CELLS)}


def line_winner(board: str) -> str | None:
    """Returns the mark with three in a row, else None.

    >>> line_winner("XXX" + "OO." + "...")
    'X'
    """
    for a, b, c in LINES:
        if board[a] != EMPTY and board[a] == board[b] == board[c]:
            return board[a]
    return None


_BOARDS: list[str] = []
"""Every reachable board by number (the empty board is 0); filled by :func:`_fill_tables`."""
_AFTER: list[int] = []
"""Board number after a cell is played, at ``9 * key + cell`` (-1 where taken or over)."""
_OVER: list[bool] = []
_WINNERS: list[str | None] = []
_EMPTIES: list[tuple[int, ...]] = []
"""The empty cells of a board where the game goes on (none once it is over)."""
_WIDTHS: list[int] = []
"""The ``getrandbits`` width :meth:`random.Random.choice` draws an empty cell with."""
_MOVERS: list[int] = []
_PICKS: list[tuple[int, ...]] = []
"""Per board, what each ``getrandbits(width)`` draw picks: the empty cell, or -1 (draw again)."""


def _fill_tables() -> None:
    """Numbers every reachable board breadth-first and fills the tables above (once, at the
    first engine: importing taskgen stays quick)."""
    if _BOARDS:
        return
    boards = [EMPTY * 9]
    keys = {boards[0]: 0}
    for board in boards:  # grows while it is read
        winner = line_winner(board)
        done = winner is not None or EMPTY not in board
        empty = () if done else tuple(i for i in range(9) if board[i] == EMPTY)
        _WINNERS.append(winner)
        _OVER.append(done)
        _EMPTIES.append(empty)
        _WIDTHS.append(len(empty).bit_length())
        _PICKS.append((*empty, *[-1] * ((1 << _WIDTHS[-1]) - len(empty))) if empty else ())
        _MOVERS.append((9 - board.count(EMPTY)) % 2)
        mark = MARKS[_MOVERS[-1]]
        for i in range(9):
            if i not in empty:
                _AFTER.append(-1)
                continue
            child = board[:i] + mark + board[i + 1 :]
            if child not in keys:
                keys[child] = len(boards)
                boards.append(child)
            _AFTER.append(keys[child])
    _BOARDS.extend(boards)


@lru_cache(maxsize=65536)
def _transcript(moves: int) -> str:
    """Writes the moves of a state's ``moves`` code as "X 4, O 0" ("none" before any)."""
    if not moves:
        return "none"
    count = (moves.bit_length() + 3) // 4
    said = f"{MARKS[(count - 1) % 2]} {(moves & 15) - 1}"
    return said if count == 1 else f"{_transcript(moves >> 4)}, {said}"


class TicTacToeState(NamedTuple):
    """A position: the board's number in the engine's tables and the cells played, in order.

    ``key`` indexes the reachable boards; ``code`` holds the cells played, one hexadecimal
    digit (cell + 1) each, the latest lowest. Both are plain integers, so playing a move
    allocates one small tuple. Read the position through ``board`` (nine characters ``X``,
    ``O`` or ``.``), ``moves``, ``winner`` and ``transcript``.

    >>> TicTacToe().apply(TicTacToeState(), 4).board
    '....X....'
    """

    key: int = 0
    code: int = 0

    @property
    def board(self) -> str:
        """The board as nine characters, row by row."""
        _fill_tables()
        return _BOARDS[self.key]

    @property
    def moves(self) -> tuple[int, ...]:
        """The cells played, in order."""
        code, cells = self.code, []
        while code:
            cells.append((code & 15) - 1)
            code >>= 4
        return tuple(reversed(cells))

    @property
    def winner(self) -> str | None:
        """The mark with three in a row, if any."""
        _fill_tables()
        return _WINNERS[self.key]

    @property
    def transcript(self) -> str:
        """The moves so far as text, "X 4, O 0" ("none" before the first)."""
        return _transcript(self.code)


_OUTCOMES: dict[str | None, Outcome] = {
    None: zero_sum(None, "full board without a line: draw"),
    **{
        mark: zero_sum(winner, f"Player {winner} ({mark}) has three in a row")
        for winner, mark in enumerate(MARKS)
    },
}
"""The three outcomes (frozen, so shared), by the mark with three in a row."""
_BOARD = " {} | {} | {}\n---+---+---\n {} | {} | {}\n---+---+---\n {} | {} | {}"
_START = TicTacToeState()
_new_state = tuple.__new__
_Random = random.Random


@cache
def minimax_value(board: str) -> int:
    """Returns the value of ``board`` for the player to move: +1 win, 0 draw, −1 loss.

    The player to move is X when both have played equally often.

    >>> minimax_value("." * 9)
    0
    >>> minimax_value("XX." + "OO." + "...")
    1
    """
    winner = line_winner(board)
    if winner is not None:  # the previous player completed a line
        return -1
    if EMPTY not in board:
        return 0
    mark = MARKS[(9 - board.count(EMPTY)) % 2]
    return max(
        -minimax_value(board[:i] + mark + board[i + 1 :]) for i in range(9) if board[i] == EMPTY
    )


def move_values(board: str) -> dict[int, int]:
    """Returns each empty cell's minimax value for the player to move."""
    mark = MARKS[(9 - board.count(EMPTY)) % 2]
    return {
        i: -minimax_value(board[:i] + mark + board[i + 1 :]) for i in range(9) if board[i] == EMPTY
    }


def optimal_moves(board: str) -> list[int]:
    """Returns the minimax-optimal cells of a non-terminal board.

    >>> optimal_moves("XX." + "OO." + "...")
    [2]
    """
    values = move_values(board)
    best = max(values.values())
    return [cell for cell, value in values.items() if value == best]


@cache
def _limited_value(board: str, depth: int) -> int:
    """Returns the depth-limited minimax value for the player to move (0 past the horizon)."""
    if line_winner(board) is not None:
        return -1
    if EMPTY not in board:
        return 0
    if depth == 0:
        return 0
    mark = MARKS[(9 - board.count(EMPTY)) % 2]
    return max(
        -_limited_value(board[:i] + mark + board[i + 1 :], depth - 1)
        for i in range(9)
        if board[i] == EMPTY
    )


@cache
def lookahead_depth(board: str) -> int:
    """Returns the fewest plies a depth-limited minimax needs to rank exactly the sound moves
    first (positions past the horizon count as draws); 10 if every legal move is sound.

    >>> lookahead_depth("XX." + "OO." + "...")  # win in one
    1
    >>> lookahead_depth("X.." + ".O." + "..X")  # O must not take a corner
    4
    """
    optimal = set(optimal_moves(board))
    mark = MARKS[(9 - board.count(EMPTY)) % 2]
    empty = [i for i in range(9) if board[i] == EMPTY]
    if len(optimal) == len(empty):
        return 10
    for depth in range(1, 10):
        values = {i: -_limited_value(board[:i] + mark + board[i + 1 :], depth - 1) for i in empty}
        best = max(values.values())
        if {i for i, value in values.items() if value == best} == optimal:
            return depth
    return 10  # unreachable: at depth 9 every value is exact


def decision_score(board: str) -> float:
    """Returns the difficulty of deciding ``board``: look-ahead depth + share of unsound moves.

    >>> round(decision_score("XX." + "OO." + "..."), 2)  # 1 of 5 moves wins
    1.8
    """
    sound = len(optimal_moves(board))
    return lookahead_depth(board) + 1 - sound / board.count(EMPTY)


_HEADERS = tuple(
    f"You are Player {p} and play {MARKS[p]} in TicTacToe against Player {1 - p} "
    f"({MARKS[1 - p]}).\n\n"
    "Rules: the board has 9 cells numbered 0-8 row by row (0 1 2 / 3 4 5 / 6 7 8). X moves "
    "first; players take turns placing their mark in an empty cell. Three of your marks in a "
    "row, column or diagonal win; a full board without three in a row is a draw.\n"
    for p in (0, 1)
)


@cache
def _views(key: int) -> tuple[str, str, str]:
    """Returns the drawn board, the legal-moves line and the instruction (cached per board)."""
    board = _BOARDS[key]
    empty = [i for i in range(9) if board[i] == EMPTY]
    drawn = _BOARD.format(*[m if m != EMPTY else CELLS[i] for i, m in enumerate(board)]) + "\n\n"
    legal = "Your legal moves: " + ", ".join([f"[{i}]" for i in empty]) + "\n"
    instruction = (
        "Think it over, then give the cell of your move in \\boxed{}: \\boxed{<cell>}, with "
        "<cell> one of the cells listed above.\n"
    )
    return drawn, legal, instruction


@cache
def _tail(key: int, player: int) -> str:
    """Returns what follows "Board:" in ``player``'s view of a board where the game goes on and
    no feedback is shown: the drawn board, then the legal moves and the instruction, or the
    wait (:meth:`TicTacToe.observation`'s common case, cached per board and player)."""
    drawn, legal, instruction = _views(key)
    if _MOVERS[key] != player:
        return f"{drawn}Waiting for Player {1 - player} to move.\n"
    return drawn + legal + instruction


class TicTacToe(Game[TicTacToeState, int]):
    """The TicTacToe engine (rules in the module docstring)."""

    name = "tictactoe"
    title = "TicTacToe"
    vocabulary = CELLS
    draws_at_start = False

    def __init__(self) -> None:
        _fill_tables()

    def config(self) -> dict[str, Any]:
        return {}

    def new_state(self, rng: random.Random) -> TicTacToeState:
        return _START

    def current_player(self, state: TicTacToeState) -> int:
        return _MOVERS[state[0]]

    def is_terminal(self, state: TicTacToeState) -> bool:
        return _OVER[state[0]]

    def outcome(self, state: TicTacToeState) -> Outcome:
        return _OUTCOMES[_WINNERS[state[0]]]

    def legal_vocabulary(self, state: TicTacToeState) -> list[str]:
        return [CELLS[i] for i in _EMPTIES[state[0]]]

    def legal_key(self, state: TicTacToeState) -> Hashable:
        return _EMPTIES[state[0]]

    def parse_move(self, state: TicTacToeState, text: str) -> int | Illegal:
        key = state[0]
        cell = _CELL_OF.get(text)
        if cell is not None and _AFTER[9 * key + cell] >= 0:  # a bare free cell: legal
            return cell
        if _OVER[key]:
            return Illegal("the game is over")
        value = text.strip().rstrip(".!")
        if value.lower().startswith("cell"):
            value = value[4:].strip()
        if len(value) != 1 or value not in CELLS:
            return Illegal(f"move {quote(text)} is not a cell number 0-8", True)
        cell = int(value)
        board = _BOARDS[state[0]]
        if board[cell] != EMPTY:
            return Illegal(f"cell {cell} is already taken by {board[cell]}")
        return cell

    def apply(self, state: TicTacToeState, move: int, message: str = "") -> TicTacToeState:
        """Returns the position after the player to move takes the empty cell ``move``
        (two table reads and one small tuple: the engine's hot path)."""
        return _new_state(TicTacToeState, (_AFTER[9 * state[0] + move], 16 * state[1] + move + 1))

    def format_move(self, move: int) -> str:
        return CELLS[move] if type(move) is int and 0 <= move <= 8 else str(move)

    def strong_move(self, state: TicTacToeState, rng: random.Random) -> int:
        return rng.choice(optimal_moves(state.board))

    def random_move(self, state: TicTacToeState, rng: random.Random) -> int:
        """Returns a uniformly random empty cell, drawn exactly as ``rng.choice`` draws."""
        key = state[0]
        picks = _PICKS[key]
        if type(rng) is not _Random or not picks:
            return rng.choice(_EMPTIES[key])
        # random.Random.choice inlined: the same getrandbits calls, so the same stream; a
        # draw past the empty cells reads -1 and draws again, as choice's rejection does
        draw, width = rng.getrandbits, _WIDTHS[key]
        cell = picks[draw(width)]
        while cell < 0:
            cell = picks[draw(width)]
        return cell

    def is_sound(self, state: TicTacToeState, move: int) -> bool:
        return move in optimal_moves(state.board)

    def render_board(self, board: str) -> str:
        """Draws the board with each empty cell showing its number."""
        return _BOARD.format(*[mark if mark != EMPTY else CELLS[i] for i, mark in enumerate(board)])

    def observation(self, state: TicTacToeState, player: int, feedback: str = "") -> str:
        key, code = state
        if not feedback and not _OVER[key] and (player == 0 or player == 1):
            tail = _tail(key, player)
            return f"{_HEADERS[player]}Moves so far: {_transcript(code)}.\nBoard:\n{tail}"
        drawn, legal, instruction = _views(key)
        parts = [_HEADERS[player], f"Moves so far: {_transcript(code)}.\nBoard:\n", drawn]
        if _OVER[key]:
            parts.append(f"The game is over: {self.outcome(state).reason}.\n")
        elif _MOVERS[key] != player:
            parts.append(f"Waiting for Player {1 - player} to move.\n")
        else:
            parts.append(legal)
            if feedback:
                parts.append(feedback + "\n")
            parts.append(instruction)
        return "".join(parts)

    def state_to_dict(self, state: TicTacToeState) -> dict[str, Any]:
        return {"moves": list(state.moves)}

    def state_from_dict(self, data: dict[str, Any]) -> TicTacToeState:
        if set(data) != {"moves"} or not isinstance(data["moves"], list):
            raise ValueError("a TicTacToe state is {'moves': [cells]}")
        state = TicTacToeState()
        for cell in data["moves"]:
            if isinstance(cell, bool) or not isinstance(cell, int) or not 0 <= cell <= 8:
                raise ValueError("bad cell")
            if state.board[cell] != EMPTY or self.is_terminal(state):
                raise ValueError("bad move sequence")
            state = self.apply(state, cell)
        return state


# -- the family -------------------------------------------------------------------------------

CELL_CAP = 0.2
"""No cell is a sound move in more than this share of a level's tasks (position weights)."""
LEVEL_BANDS: dict[int, tuple[float, float]] = {
    1: (1.0, 1.6),
    2: (1.6, 2.0),
    3: (2.0, 2.6),
    4: (2.6, 2.78),
    5: (2.78, 3.0),
    6: (3.0, 3.55),
    7: (3.55, 3.7),
    8: (3.7, 4.0),
    9: (4.0, 5.0),
    10: (5.0, 7.0),
}
"""Level → band [lo, hi) of :func:`decision_score` (see the module docstring)."""
_WEIGHT_SCALE = 1_000_000


class Position(NamedTuple):
    """A reachable position with a decision: its board, the mover, its sound cells, score."""

    board: str
    mover: int
    sound: tuple[int, ...]
    score: float


@cache
def decision_positions() -> tuple[Position, ...]:
    """Returns every reachable position where some legal move is unsound, sorted by board."""
    found: dict[str, Position] = {}
    seen: set[str] = set()
    stack = [EMPTY * 9]
    while stack:
        board = stack.pop()
        if board in seen or line_winner(board) is not None or EMPTY not in board:
            continue
        seen.add(board)
        empty = board.count(EMPTY)
        sound = tuple(optimal_moves(board))
        if len(sound) < empty:
            found[board] = Position(board, (9 - empty) % 2, sound, decision_score(board))
        mark = MARKS[(9 - empty) % 2]
        stack.extend(board[:i] + mark + board[i + 1 :] for i in range(9) if board[i] == EMPTY)
    return tuple(found[board] for board in sorted(found))


@cache
def band_positions(
    low: float, high: float, seat: int | None, max_sound: int
) -> tuple[tuple[Position, ...], tuple[int, ...]]:
    """Returns the positions of a score band and their cumulative integer weights.

    A position qualifies with at most ``max_sound`` sound moves, at most half of its legal
    moves. The weights are the maximum-entropy ones under which no cell is a sound move in
    more than :data:`CELL_CAP` of the draws (found by dual ascent on one multiplier per cell;
    positions with the same sound cells weigh the same), rounded to integers so that
    drawing is exact on every machine.
    """
    chosen = tuple(
        p
        for p in decision_positions()
        if low <= p.score < high
        and len(p.sound) <= max_sound
        and 2 * len(p.sound) <= p.board.count(EMPTY)
        and (seat is None or p.mover == seat)
    )
    if not chosen:
        return (), ()
    groups: dict[tuple[int, ...], int] = {}
    for position in chosen:
        groups[position.sound] = groups.get(position.sound, 0) + 1
    multipliers = [0.0] * 9
    for _ in range(1000):
        mass = {
            cells: n * math.exp(-sum(multipliers[c] for c in cells)) for cells, n in groups.items()
        }
        total = sum(mass.values())
        rates = [sum(m for cells, m in mass.items() if c in cells) / total for c in range(9)]
        if max(rates) <= CELL_CAP + 1e-6:
            break
        multipliers = [
            max(0.0, mu + 0.5 * math.log(rate / CELL_CAP)) if rate > 0 else 0.0
            for mu, rate in zip(multipliers, rates, strict=True)
        ]
    weights = [math.exp(-sum(multipliers[c] for c in p.sound)) for p in chosen]
    top = max(weights, default=1.0)
    cumulative: list[int] = []
    running = 0
    for weight in weights:
        running += max(1, round(weight / top * _WEIGHT_SCALE))
        cumulative.append(running)
    return chosen, tuple(cumulative)


class TicTacToeKnobs(BaseModel):
    """Knobs of the ``tictactoe`` family."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    score_band: list[float] = Field(
        min_length=2, max_length=2, description="[lo, hi) of the decision score"
    )
    max_sound_moves: int = Field(default=2, ge=1, le=8, description="sound moves at most")
    seat: int | None = Field(default=None, ge=0, le=1, description="0 = X, 1 = O; None: either")

    @model_validator(mode="after")
    def _ordered(self) -> TicTacToeKnobs:
        if not self.score_band[0] < self.score_band[1]:
            raise ValueError(f"score_band must be [lo, hi) with lo < hi, got {self.score_band}")
        return self


class TicTacToeInstance(GameInstance):
    """``Task.instance`` of the ``tictactoe`` family (state: ``{"moves": [cells]}``)."""

    game_class = TicTacToe


@register("tictactoe")
class TicTacToeFamily(GameFamily):
    """One TicTacToe decision: play a minimax-optimal cell."""

    version = 1
    description = "TicTacToe decisions; level = look-ahead depth and sound share; minimax-checked"
    Knobs = TicTacToeKnobs
    Instance = TicTacToeInstance
    game_class = TicTacToe

    def knobs_for_level(self, level: int) -> dict[str, Any]:
        low, high = LEVEL_BANDS[level]
        return {"score_band": [low, high]}

    def make_game(self, knobs: TicTacToeKnobs) -> TicTacToe:
        return TicTacToe()

    def validate_for_generation(self, knobs: TicTacToeKnobs) -> None:
        low, high = knobs.score_band
        if not band_positions(low, high, knobs.seat, knobs.max_sound_moves)[0]:
            raise InvalidParamsError(
                f"tictactoe: no position has a decision score in [{low}, {high}) with at most "
                f"{knobs.max_sound_moves} sound moves for seat {knobs.seat}; scores run 1.2-6.9"
            )

    def draw_decision(
        self, game: TicTacToe, knobs: TicTacToeKnobs, rng: random.Random
    ) -> Decision | None:
        low, high = knobs.score_band
        positions, cumulative = band_positions(low, high, knobs.seat, knobs.max_sound_moves)
        if not positions:
            return None
        position = positions[bisect.bisect_right(cumulative, rng.randrange(cumulative[-1]))]
        marks = [[i for i in range(9) if position.board[i] == mark] for mark in MARKS]
        for cells in marks:
            rng.shuffle(cells)
        order = [cell for pair in zip(*marks, strict=False) for cell in pair]
        order += marks[0][len(marks[1]) :]
        state = game.state_from_dict({"moves": order})
        measure = {
            "depth": lookahead_depth(position.board),
            "score": round(position.score, 4),
        }
        return Decision(state, position.mover, measure)

    def hardness(self, task: Task) -> float:
        """Returns the task's decision score (look-ahead depth + share of unsound moves)."""
        _, state = self.restore(task.instance)
        return decision_score(state.board)
