"""The engines' fast paths (issue 16) against the plain code they replace, kept here as reference.

Observations remember parts per player by the identity of the state's immutable pieces, so
states of many games are observed in a shuffled order, by both players, with and without
feedback. Move parsing has table look-ups for canonical moves; the legal moves of Simple
Negotiation are remembered per capped inventory (:meth:`SimpleNegotiation.legal_key`).
"""

from __future__ import annotations

import random
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from taskgen.tasks.games import KuhnPoker, SimpleNegotiation, TicTacToe, get_game
from taskgen.tasks.games import kuhn_poker as kp
from taskgen.tasks.games import simple_negotiation as sn
from taskgen.tasks.games import tictactoe as ttt
from taskgen.tasks.games._base import Game, Illegal

FEEDBACK = ["", "Your last reply was invalid: nope. Try again (1 try left before you forfeit)."]


def reference_kuhn(game: KuhnPoker, state: kp.KuhnState, player: int, feedback: str) -> str:
    parts = [game._intros[player]]
    if state.log:
        parts.append("Finished hands:\n")
        parts.append(game._finished_hands(state.deals, state.log, player))
    mine, theirs = state.chips[player], state.chips[1 - player]
    parts.append(f"Chips won so far: you {mine:+d}, Player {1 - player} {theirs:+d}.\n")
    if state.hand >= game.num_hands:
        parts.append(f"The match is over: {game.outcome(state).reason}.\n")
        return "".join(parts)
    opener = state.hand % 2
    parts.append(
        f"\nHand {state.hand + 1} of {game.num_hands}. "
        f"Your card: {kp.CARDS[state.deals[state.hand][player]]}. "
        f"Pot: {2 + kp._POT_ADDED[state.node]} chips.\n"
    )
    parts.append(kp._MOVES_SO_FAR[opener][state.node])
    if (opener + len(state.moves)) % 2 != player:
        parts.append(f"Waiting for Player {1 - player} to move.\n")
        return "".join(parts)
    parts.append(kp._LEGAL_LINE[kp._LEGAL[state.node][0] == "call"])
    if feedback:
        parts.append(feedback + "\n")
    parts.append(kp._INSTRUCTION)
    return "".join(parts)


def reference_tictactoe(game: TicTacToe, state: ttt.TicTacToeState, player: int, fb: str) -> str:
    key, code = state
    drawn, legal, instruction = ttt._views(key)
    parts = [ttt._HEADERS[player], f"Moves so far: {ttt._transcript(code)}.\nBoard:\n", drawn]
    if ttt._OVER[key]:
        parts.append(f"The game is over: {game.outcome(state).reason}.\n")
    elif ttt._MOVERS[key] != player:
        parts.append(f"Waiting for Player {1 - player} to move.\n")
    else:
        parts.append(legal)
        if fb:
            parts.append(fb + "\n")
        parts.append(instruction)
    return "".join(parts)


def reference_inventory_block(
    have: tuple[int, ...], values: tuple[int, ...], start: tuple[int, ...]
) -> str:
    """The inventory block as it was written before the fast paths (issue 16)."""
    lines = ["Your inventory (quantity x your value = worth):\n"]
    for index, (quantity, value) in enumerate(zip(have, values, strict=True)):
        lines.append(f"  {sn.RESOURCES[index]}: {quantity} x {value} = {quantity * value}\n")
    now, before = sn.worth(values, have), sn.worth(values, start)
    lines.append(f"Your inventory value: {now} (start {before}, change {now - before:+d}).")
    return "".join(lines)


def reference_negotiation(
    game: SimpleNegotiation, state: sn.NegotiationState, player: int, feedback: str
) -> str:
    other = 1 - player
    have = state.inventories[player]
    parts = [
        game._intros[player],
        reference_inventory_block(have, state.values[player], state.initial[player]),
        "\n\nHistory:\n  ",
        "\n  ".join(state.history) if state.history else "nothing yet",
        "\n",
    ]
    if state.turn >= game.max_turns:
        parts.append(f"The game is over: {game.outcome(state).reason}.\n")
        return "".join(parts)
    parts.append(f"Turn {state.turn + 1} of {game.max_turns}.\n")
    if state.turn % 2 != player:
        parts.append(f"Waiting for Player {other} to move.\n")
        return "".join(parts)
    offer = game.offer_to(state, player)
    moves = "[Offer: <quantity> <resource>, ... -> <quantity> <resource>, ...]"
    if offer is not None:
        parts.append(
            f"Open offer to you from Player {other}: you would give "
            f"{sn.format_bundle(offer.get)} and receive {sn.format_bundle(offer.give)}.\n"
        )
        moves += ", [Accept], [Deny]" if sn.covers(have, offer.get) else ", [Deny]"
    parts.append(f"Your legal moves: {moves}, [Pass]\n")
    if feedback:
        parts.append(feedback + "\n")
    parts.append(sn._INSTRUCTION)
    return "".join(parts)


REFERENCES: dict[str, Any] = {
    "kuhn_poker": reference_kuhn,
    "tictactoe": reference_tictactoe,
    "simple_negotiation": reference_negotiation,
}
ENGINES: list[tuple[str, dict[str, Any]]] = [
    ("kuhn_poker", {}),
    ("kuhn_poker", {"num_hands": 1}),
    ("kuhn_poker", {"num_hands": 7, "reward": "chips"}),
    ("tictactoe", {}),
    ("simple_negotiation", {}),
    ("simple_negotiation", {"num_resources": 2, "max_turns": 8}),
]


def played_states(game: Game[Any, Any], seed: int, games: int) -> list[Any]:
    """Every state of ``games`` games of mixed random and strong play."""
    rng, states = random.Random(seed), []
    for _ in range(games):
        state = game.new_state(rng)
        states.append(state)
        while not game.is_terminal(state):
            state = game.apply(state, game.mixed_move(state, rng.randint(1, 10), rng))
            states.append(state)
    return states


@pytest.mark.parametrize(("name", "config"), ENGINES, ids=[f"{n}-{c}" for n, c in ENGINES])
def test_observations_match_the_reference_in_any_order(name: str, config: dict[str, Any]) -> None:
    game, reference = get_game(name, **config), REFERENCES[name]
    states = played_states(game, 1, 40)
    views = [(state, player, fb) for state in states for player in (0, 1) for fb in FEEDBACK]
    in_order = [views[i : i + 4] for i in range(0, len(views), 4)]  # as a game is watched
    shuffled = random.Random(2).sample(views, len(views))  # the memos must not be fooled
    for view in [item for group in in_order for item in group] + shuffled:
        assert game.observation(*view) == reference(game, *view)


def test_kuhn_observation_of_a_rebuilt_state_matches() -> None:
    game = KuhnPoker(num_hands=4)
    for state in played_states(game, 3, 10):
        twin = game.state_from_dict(game.state_to_dict(state))  # equal, not identical, parts
        for player in (0, 1):
            assert game.observation(twin, player) == game.observation(state, player)
            assert game.observation(state, player) == reference_kuhn(game, state, player, "")


# -- move parsing --------------------------------------------------------------------------------


def test_tictactoe_cell_fast_path_agrees_with_the_general_parse() -> None:
    game = TicTacToe()
    for state in played_states(game, 5, 30):
        for cell in ttt.CELLS:
            fast = game.parse_move(state, cell)
            general = game.parse_move(state, f" {cell} ")  # spaces: the general path
            assert fast == general
            if not isinstance(fast, Illegal):
                assert game.format_move(fast) == cell
        assert game.format_move(4) == "4"


MOVE_TEXT = st.one_of(
    st.sampled_from(get_game("simple_negotiation").vocabulary),
    st.builds(
        "Offer: {} {} -> {} {}".format,
        st.integers(0, 30),
        st.sampled_from([*sn.RESOURCES, "wood", "Gold"]),
        st.integers(0, 30),
        st.sampled_from([*sn.RESOURCES, "ores"]),
    ),
    st.text(max_size=20),
)


@settings(max_examples=600, deadline=None)
@given(seed=st.integers(0, 10_000), text=MOVE_TEXT, resources=st.integers(2, 5))
def test_negotiation_parse_fast_path_agrees_with_the_general_parse(
    seed: int, text: str, resources: int
) -> None:
    game = SimpleNegotiation(num_resources=resources)
    general = SimpleNegotiation(num_resources=resources)
    general._vocabulary_offers = {}  # no fast path: every text parsed the general way
    states = played_states(game, seed, 1)
    state = states[random.Random(seed).randrange(len(states))]
    assert game.parse_move(state, text) == general.parse_move(state, text)


# -- Simple Negotiation's legal moves per capped inventory -----------------------------------------

BUNDLE = st.lists(st.integers(0, 6), min_size=5, max_size=5).map(tuple)


@settings(max_examples=400, deadline=None)
@given(have=BUNDLE, other=BUNDLE, offer=st.sampled_from([None, 0, 1]), turn=st.integers(0, 9))
def test_negotiation_legal_moves_follow_the_rules(
    have: tuple[int, ...], other: tuple[int, ...], offer: int | None, turn: int
) -> None:
    game = SimpleNegotiation()
    player = turn % 2
    inventories = (have, other) if player == 0 else (other, have)
    open_offer = None
    if offer is not None and turn > 0:
        give = tuple(1 if i == offer else 0 for i in range(5))
        get = tuple(2 if i == 4 - offer else 0 for i in range(5))
        open_offer = sn.Offer(1 - player, give, get)
    state = sn.NegotiationState(inventories, inventories, ((5, 10, 15, 25, 40),) * 2, turn)
    state = state._replace(offer=open_offer)
    rules = [t for t in game.vocabulary if not isinstance(game.parse_move(state, t), Illegal)]
    assert game.legal_vocabulary(state) == rules
    mask = game.action_mask(state, player)
    assert [t for t, bit in zip(game.vocabulary, mask, strict=True) if bit] == rules
    assert game.action_mask(state, 1 - player) == [0] * len(game.vocabulary)
    mask_part, offers = game._offer_tables(have)
    assert list(offers) == [t for t in rules if t.startswith("Offer")]
    assert list(mask_part) == [int(all(map(int.__ge__, have, m.give))) for m in _offers(game)]


def _offers(game: SimpleNegotiation) -> list[sn.NegotiationMove]:
    parsed = [game.parse_move(_rich_state(game), text) for text in game.vocabulary[3:]]
    assert not any(isinstance(move, Illegal) for move in parsed)
    return parsed  # type: ignore[return-value]


def _rich_state(game: SimpleNegotiation) -> sn.NegotiationState:
    full = (9,) * game.num_resources
    return sn.NegotiationState((full, full), (full, full), (full, full))


def test_negotiation_legal_key_fixes_the_legal_moves() -> None:
    game = SimpleNegotiation()
    seen: dict[Any, list[str]] = {}
    for state in played_states(game, 9, 200):
        if game.is_terminal(state):
            continue
        legal = seen.setdefault(game.legal_key(state), game.legal_vocabulary(state))
        assert legal == game.legal_vocabulary(state)
    assert len(seen) > 2  # several kinds of turn were seen


class _ChoiceRandom(random.Random):
    """A generator the engines cannot recognise: their random moves fall back to ``choice``."""


@pytest.mark.parametrize(("name", "config"), ENGINES, ids=[f"{n}-{c}" for n, c in ENGINES])
def test_random_moves_draw_exactly_as_choice(name: str, config: dict[str, Any]) -> None:
    game = get_game(name, **config)
    fast, plain = random.Random(11), _ChoiceRandom(11)
    for _ in range(300):
        state = game.new_state(fast)
        assert state == game.new_state(plain)
        while not game.is_terminal(state):
            move = game.random_move(state, fast)
            assert move == game.random_move(state, plain)
            state = game.apply(state, move)
        assert fast.random() == plain.random()  # the same stream consumed


def test_tictactoe_outcomes_and_cells() -> None:
    game = TicTacToe()
    for state in played_states(game, 13, 40):
        if game.is_terminal(state):
            mark = state.winner
            expected = "full board without a line: draw"
            if mark is not None:
                winner = ttt.MARKS.index(mark)
                expected = f"Player {winner} ({mark}) has three in a row"
            assert game.outcome(state).reason == expected
        else:
            cells = [i for i in range(9) if state.board[i] == ttt.EMPTY]
            assert game.legal_vocabulary(state) == [str(i) for i in cells]


def test_negotiation_formats_any_offer_object_alike() -> None:
    game = SimpleNegotiation()
    state = _rich_state(game)
    for text in game.vocabulary[2:]:  # Pass and the offers: legal with no offer open
        move = game.parse_move(state, text)
        assert not isinstance(move, Illegal)
        twin = sn.NegotiationMove(move.kind, tuple(move.give), tuple(move.get))
        assert game.format_move(move) == game.format_move(twin) == sn._format_move(twin) == text
        after = game.apply(state, move)
        assert after == game.apply(state, twin)


def test_kuhn_parse_fast_path_agrees_with_the_general_parse() -> None:
    game = KuhnPoker(num_hands=2)
    for state in played_states(game, 17, 20):
        for text in kp.MOVES:
            assert game.parse_move(state, text) == game.parse_move(state, f" {text} ")


def reference_negotiation_state(game: SimpleNegotiation, rng: random.Random) -> Any:
    """A new negotiation state drawn as before the fast paths (issue 16), ``max(1, ...)`` and
    all."""
    k, span = game.num_resources, sn.MAX_QUANTITY - sn.MIN_QUANTITY + 1
    counts = [sn.MIN_QUANTITY + int(rng.random() * span) for _ in range(2 * k)]
    low, width = 1 - sn.VALUE_SPREAD, 2 * sn.VALUE_SPREAD
    values = [max(1, round(b * (low + width * rng.random()))) for b in game.base + game.base]
    pair = (tuple(counts[:k]), tuple(counts[k:]))
    return sn.NegotiationState(pair, pair, (tuple(values[:k]), tuple(values[k:])))


@pytest.mark.parametrize("resources", [2, 3, 5])
def test_negotiation_new_state_draws_as_the_reference(resources: int) -> None:
    game = SimpleNegotiation(num_resources=resources)
    for seed in range(500):
        state = game.new_state(random.Random(seed))
        assert state == reference_negotiation_state(game, random.Random(seed))
        assert type(state) is sn.NegotiationState
    # new_state skips max(1, ...): the smallest base value at the lowest spread stays >= 1
    assert round(min(sn.BASE_VALUES) * (1 - sn.VALUE_SPREAD)) >= 1


def test_negotiation_open_offer_lines_survive_a_full_table(monkeypatch: pytest.MonkeyPatch) -> None:
    """The remembered open-offer lines start afresh when full and stay right (any offer, also
    ones outside the vocabulary)."""
    monkeypatch.setattr(sn, "_OPEN_OFFER_LINES_SIZE", 3)
    game = SimpleNegotiation()
    rng = random.Random(5)
    for state in played_states(game, 7, 30):
        for player in (0, 1):
            assert game.observation(state, player) == reference_negotiation(game, state, player, "")
        if not game.is_terminal(state):  # an arbitrary offer the mover can cover, then its view
            mover = game.current_player(state)
            have = state.inventories[mover]
            give = tuple(rng.randint(0, q) if i % 2 else 0 for i, q in enumerate(have))
            get = tuple(0 if i % 2 else rng.randint(1, 9) for i in range(len(have)))
            if any(give):
                move = sn.NegotiationMove("offer", give, get)
                after = game.apply(state, move)
                view = game.observation(after, 1 - mover)
                assert view == reference_negotiation(game, after, 1 - mover, "")
    assert len(game._open_offer_lines) <= 3


def test_negotiation_inventory_block_matches_the_reference() -> None:
    rng = random.Random(3)
    for _ in range(300):
        k = rng.randint(1, 5)
        have = tuple(rng.randint(0, 40) for _ in range(k))
        values = tuple(rng.randint(1, 50) for _ in range(k))
        start = tuple(rng.randint(0, 40) for _ in range(k))
        assert sn._inventory_block(have, values, start) == reference_inventory_block(
            have, values, start
        )


def test_negotiation_observation_after_any_legal_key_matches() -> None:
    """The observation reuses legal_key's cover check only for the same offer and inventory:
    legal keys of other states in between (any order) must not leak into a view."""
    game = SimpleNegotiation()
    states = [s for s in played_states(game, 11, 40) if not game.is_terminal(s)]
    order = random.Random(4)
    for _ in range(3 * len(states)):
        asked, seen = order.choice(states), order.choice(states)
        game.legal_key(asked)
        for player in (0, 1):
            assert game.observation(seen, player) == reference_negotiation(game, seen, player, "")
