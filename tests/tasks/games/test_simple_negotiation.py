"""Simple Negotiation: trades, invalid offers, draws, winners, robust parsing, the family."""

from __future__ import annotations

import random

import pytest

import taskgen
from taskgen.core.errors import InvalidParamsError
from taskgen.tasks.games._base import Illegal
from taskgen.tasks.games.simple_negotiation import (
    BASE_VALUES,
    NegotiationMove,
    NegotiationState,
    SimpleNegotiation,
    parse_bundle,
    parse_offer,
)
from taskgen.verifiers.extract import boxed

WHEAT, WOOD, SHEEP, BRICK, ORE = range(5)


def fresh(values: tuple[tuple[int, ...], tuple[int, ...]] | None = None) -> NegotiationState:
    inventory = (10, 10, 10, 10, 10)
    vals = values or (BASE_VALUES, BASE_VALUES)
    return NegotiationState((inventory, inventory), (inventory, inventory), vals)


def move(game: SimpleNegotiation, state: NegotiationState, text: str) -> NegotiationState:
    parsed = game.parse_move(state, text)
    assert not isinstance(parsed, Illegal), parsed
    return game.apply(state, parsed)


def test_accepted_offer_moves_resources_both_ways() -> None:
    game = SimpleNegotiation()
    state = move(game, fresh(), "Offer: 3 Wood, 1 Ore -> 2 Sheep")
    assert state.offer is not None and state.offer.proposer == 0
    state = move(game, state, "Accept")
    assert state.inventories[0] == (10, 7, 12, 10, 9)
    assert state.inventories[1] == (10, 13, 8, 10, 11)
    assert state.offer is None
    assert "accepted the offer" in state.history[-1]


def test_offer_lapses_and_counter_offer_replaces() -> None:
    game = SimpleNegotiation()
    state = move(game, fresh(), "Offer: 1 Wood -> 1 Sheep")
    lapsed = move(game, state, "Pass")
    assert lapsed.offer is None and "lapsed" in lapsed.history[-1]
    assert isinstance(game.parse_move(lapsed, "Accept"), Illegal)  # nothing open any more
    countered = move(game, state, "Offer: 2 Sheep -> 1 Ore")
    assert countered.offer is not None and countered.offer.proposer == 1
    denied = move(game, countered, "Deny")
    assert denied.offer is None and denied.inventories == fresh().inventories


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("Offer: 11 Wood -> 1 Ore", "cannot cover"),
        ("Offer: 2 Gold -> 1 Ore", "unknown resource"),
        ("Offer: 2 Wood -> 1 Wood", "both sides"),
        ("Offer: 2 Wood", "must look like"),
        ("Offer:  -> 1 Ore", "empty"),
        ("Offer: lots of Wood -> 1 Ore", "cannot read"),
        ("Offer: 0 Wood -> 1 Ore", "at least 1"),
        ("Accept", "no open offer"),
        ("Deny", "no open offer"),
        ("Dance", "unknown move"),
    ],
)
def test_invalid_moves_have_reasons(text: str, fragment: str) -> None:
    game = SimpleNegotiation()
    result = game.parse_move(fresh(), text)
    assert isinstance(result, Illegal)
    assert fragment in result.reason


def test_cannot_accept_without_the_requested_resources() -> None:
    game = SimpleNegotiation()
    state = move(game, fresh(), "Offer: 1 Wheat -> 10 Ore")
    poorer = NegotiationState(
        (state.inventories[0], (10, 10, 10, 10, 3)),
        state.initial,
        state.values,
        state.turn,
        state.offer,
        state.history,
    )
    result = game.parse_move(poorer, "Accept")
    assert isinstance(result, Illegal) and "cannot accept" in result.reason


def test_no_trade_is_a_draw_and_larger_gain_wins() -> None:
    game = SimpleNegotiation(max_turns=2)
    state = move(game, move(game, fresh(), "Pass"), "Pass")
    assert game.is_terminal(state)
    outcome = game.outcome(state)
    assert outcome.winner is None and outcome.returns == (0.0, 0.0)
    # Player 0 values Ore highly, Player 1 values Wood highly: both gain, Player 0 more
    values = ((5, 10, 15, 25, 48), (5, 12, 15, 25, 40))
    state = move(game, fresh(values), "Offer: 2 Wood -> 1 Ore")
    state = move(game, state, "Accept")
    assert game.is_terminal(state)
    assert game.gains(state) == (48 - 20, 24 - 40)
    assert game.outcome(state).winner == 0 and game.outcome(state).returns == (1.0, -1.0)


def test_equal_gains_draw() -> None:
    game = SimpleNegotiation(max_turns=2)
    values = ((5, 10, 15, 25, 40), (5, 10, 15, 25, 40))
    state = move(game, move(game, fresh(values), "Offer: 4 Wood -> 1 Ore"), "Accept")
    assert game.gains(state) == (0, 0)
    assert game.outcome(state).winner is None


@pytest.mark.parametrize(
    "text",
    [
        "Offer: 3 Wood, 1 Ore -> 2 Sheep",
        "offer: 3 woods and 1 ore -> 2 sheep",
        "OFFER 3 WOOD & one Ore => two Sheep",
        "I give 3 Wood + 1 Ores -> I want 2 Sheeps",
        "Offer: 1 Wood, 2 Wood and 1 Ore → 2 Sheep",
    ],
)
def test_offer_parsing_is_robust(text: str) -> None:
    assert parse_offer(text, 5) == ((0, 3, 0, 0, 1), (0, 0, 2, 0, 0))


def test_bundle_parsing_limits() -> None:
    assert parse_bundle("2 Ore", 3) == "Ore is not traded in this game"
    assert isinstance(parse_bundle("1000 Wood", 5), str)
    assert parse_bundle("a wheat", 2) == (1, 0)


def test_talk_is_recorded_and_sanitised() -> None:
    game = SimpleNegotiation()
    state = game.apply(fresh(), NegotiationMove("pass"), "hello \u00e9\nthere")
    assert state.history[0] == 'Turn 1: Player 0 said: "hello ? there"'
    view = game.observation(state, 1)
    assert 'said: "hello ? there"' in view and view.isascii()


def test_observation_shows_private_values_only() -> None:
    game = SimpleNegotiation()
    state = game.new_state(random.Random(1))
    view = game.observation(state, 0)
    mine = state.values[0]
    assert f"Ore: {state.inventories[0][ORE]} x {mine[ORE]}" in view
    assert f"x {state.values[1][ORE]} =" not in view or state.values[1][ORE] == mine[ORE]
    assert "Turn 1 of 10" in view
    assert game.state_from_dict(game.state_to_dict(state)) == state


def test_new_state_draws_within_documented_ranges() -> None:
    game = SimpleNegotiation(num_resources=3)
    for seed in range(20):
        state = game.new_state(random.Random(seed))
        for player in (0, 1):
            assert all(5 <= q <= 25 for q in state.inventories[player])
            for value, base in zip(state.values[player], BASE_VALUES, strict=False):
                assert 0.8 * base - 0.5 <= value <= 1.2 * base + 0.5


def test_strong_negotiator_never_lowers_its_value() -> None:
    game = SimpleNegotiation()
    rng = random.Random(0)
    for seed in range(30):
        state = game.new_state(random.Random(seed))
        while not game.is_terminal(state):
            player = game.current_player(state)
            if player == 0:
                chosen = game.strong_move(state, rng)
                assert game.own_gain(state, chosen) >= 0
            else:
                chosen = game.random_move(state, rng)
            state = game.apply(state, chosen)
        assert game.gains(state)[0] >= 0


def test_bad_config_raises() -> None:
    with pytest.raises(InvalidParamsError):
        SimpleNegotiation(num_resources=6)
    with pytest.raises(InvalidParamsError):
        SimpleNegotiation(max_turns=1)


def decision(state: NegotiationState) -> taskgen.Task:
    """A decision task of ``state`` for the player to move (the instance as generate writes)."""
    game = SimpleNegotiation()
    family = taskgen.core.registry.get("simple_negotiation")
    instance = {
        "game": game.config(),
        "seat": game.current_player(state),
        "state": game.state_to_dict(state),
        "legal_moves": game.listed_moves(game.decision_moves(state)),
        "sound_moves": game.sound_moves(state),
    }
    params = family.resolve_knobs(1).model_dump(mode="json")
    return taskgen.Task(
        family="simple_negotiation",
        id="hand-made",
        seed=0,
        difficulty=1,
        params=params,
        prompt="",
        answer=game.format_move(game.best_sound_move(state)),
        instance=instance,
        version=family.version,
    )


def correct(task: taskgen.Task, move: str) -> bool:
    return taskgen.verify(task, boxed(move)).correct


def test_an_open_offer_is_accepted_or_denied_by_its_real_value() -> None:
    game = SimpleNegotiation()
    # Player 0 gives 1 Ore for 3 Sheep; both value everything at base: nothing helps both,
    # so the offer (-5 for Player 1) is denied, and Deny or Pass is all that is sound
    bad = move(game, fresh(), "Offer: 1 Ore -> 3 Sheep")
    task = decision(bad)
    assert not correct(task, "Accept")
    assert correct(task, "Deny") and correct(task, "Pass") and task.answer == "Deny"
    assert not correct(task, "Offer: 1 Wheat -> 999 Ore")  # the negotiator cannot pay
    assert not correct(task, "Offer: 1 Wheat -> 2 Wood")  # good for you, refused
    # Player 1 values Ore at 48 and Sheep at 14: the same offer is worth +6 to it
    values = (BASE_VALUES, (5, 10, 14, 25, 48))
    good = move(game, fresh(values), "Offer: 1 Ore -> 3 Sheep")
    task = decision(good)
    assert correct(task, "Accept") and task.answer == "Accept"
    assert not correct(task, "Deny") and not correct(task, "Pass")
    assert taskgen.verify(task, "Deal. [Accept]").correct  # a bare [move] reads as a box


def test_a_proposal_must_raise_your_value_and_be_accepted() -> None:
    # Player 0 (to move) values Wood 9 and Ore 44; the negotiator values Wood 11, Ore 36
    values = ((5, 9, 15, 25, 44), (5, 11, 15, 25, 36))
    task = decision(fresh(values))
    assert correct(task, "Offer: 4 Wood -> 1 Ore")  # +8 for you, +8 for it, 0 at base: yes
    assert correct(task, task.answer) and task.answer.startswith("Offer:")
    assert not correct(task, "Offer: 4 Wood -> 2 Ore")  # better for you, refused
    assert not correct(task, "Offer: 5 Ore -> 1 Wood")  # accepted, but costs you
    assert not correct(task, "Offer: 1 Wheat -> 999 Ore")  # the negotiator holds 10 Ore
    assert not correct(task, "Pass")  # a sound trade exists
    verdict = taskgen.verify(task, boxed("Deny"))
    assert not verdict.format_ok and "no open offer" in verdict.reason
    game = SimpleNegotiation()
    state = fresh(values)
    assert "Offer: 4 Wood -> 1 Ore" in game.sound_moves(state)
    assert len(game.decision_moves(state)) == 3 - 2 + 20 * 10 * 10  # Pass and 2,000 offers
    assert game.decision_tries(state) == len(game.decision_moves(state)) / len(
        game.sound_moves(state)
    )


def test_decision_prompt_reveals_the_negotiator_and_no_move() -> None:
    task = taskgen.sample("simple_negotiation", difficulty=4, seed=3)
    other = 1 - task.instance["seat"]
    assert f"Player {other} is the scripted negotiator" in task.prompt
    values = task.instance["state"]["values"][other]
    assert f"Ore {task.instance['state']['inventories'][other][4]} x {values[4]}" in task.prompt
    assert task.prompt.endswith("\\boxed{<move>}, with <move> one of the moves listed above.\n")
    assert not taskgen.verify(task, task.prompt).format_ok
    assert taskgen.verify(task, boxed(task.answer)).correct
    assert task.answer in task.instance["sound_moves"]


def test_pathological_offers_get_a_reason_not_a_hang() -> None:
    task = taskgen.sample("simple_negotiation", difficulty=2, seed=0)
    for payload in (
        "Offer: " + "a" * 30_000 + "! -> 1 Wood",  # would backtrack quadratically unguarded
        "Offer: " + "1 Wood, " * 5_000 + "-> 1 Ore",
        "]" * 50_000,
    ):
        verdict = taskgen.verify(task, boxed(payload))
        assert not verdict.format_ok and verdict.reason
    assert isinstance(parse_bundle("w" * 60 + "!", 5), str)


# -- the strong policy's and the decision tasks' fast paths against the loops they replace ------


def _strong_move_by_every_pair(game: SimpleNegotiation, state: NegotiationState) -> object:
    """strong_move as first written: every (i, j, q, r), the first strictly best kept."""
    player = state.turn % 2
    values, have = state.values[player], state.inventories[player]
    offer = game.offer_to(state, player)
    if offer is not None and game.accepts(state, player, offer.give, offer.get):
        return "accept"
    best = None
    k = game.num_resources
    for i in range(k):
        for j in range(k):
            if i == j:
                continue
            for q in range(1, 6):
                if q > have[i]:
                    break
                for r in range(1, 6):
                    mine = values[j] * r - values[i] * q
                    theirs = game.base[i] * q - game.base[j] * r
                    if mine > 0 and theirs > 0 and (best is None or mine - theirs > best[0]):
                        best = (mine - theirs, i, q, j, r)
    return best[1:] if best is not None else ("deny" if offer is not None else "pass")


def _swap_ranges_by_every_q(game: SimpleNegotiation, state: NegotiationState) -> list[object]:
    """_swap_ranges as first written: every q, the bounds by max and min."""
    player = state.turn % 2
    mine, theirs = state.values[player], state.values[1 - player]
    have, stock, base = state.inventories[player], state.inventories[1 - player], game.base
    ranges: list[object] = []
    for i in range(game.num_resources):
        for j in range(game.num_resources):
            if i == j or not stock[j]:
                continue
            for q in range(1, have[i] + 1):
                low = max(1, mine[i] * q // mine[j] + 1)
                high = min(
                    stock[j],
                    (theirs[i] * q - 1) // theirs[j],
                    ((theirs[i] + base[i]) * q - 1) // (theirs[j] + base[j]),
                )
                if low <= high:
                    ranges.append((i, q, j, low, high))
    return ranges


@pytest.mark.parametrize("num_resources", [2, 3, 5])
def test_strong_move_and_swap_ranges_agree_with_the_plain_loops(num_resources: int) -> None:
    game = SimpleNegotiation(num_resources=num_resources)
    rng = random.Random(num_resources)
    states = 0
    for seed in range(60):
        state = game.new_state(random.Random(seed))
        if seed % 3 == 0:  # odd values too: negative ones take the loops' general path
            values = tuple(
                tuple(rng.choice([-3, 1, 7, 40, 90]) for _ in range(num_resources))
                for _ in range(2)
            )
            state = state._replace(values=values)
        while not game.is_terminal(state):
            states += 1
            move = game.strong_move(state, rng)
            expected = _strong_move_by_every_pair(game, state)
            if isinstance(expected, tuple):
                i, q, j, r = expected
                assert move.kind == "offer"
                assert (move.give[i], move.get[j], sum(move.give), sum(move.get)) == (q, r, q, r)
            else:
                assert move.kind == expected
            assert game._swap_ranges(state) == _swap_ranges_by_every_q(game, state)
            state = game.apply(state, game.random_move(state, rng))
    assert states > 500


def test_inventory_block_from_remembered_rows_is_the_plain_rendering(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The rows come from a bounded table; whatever it holds or forgets, the block is what
    one f-string per row writes (a small bound makes it start afresh many times here)."""
    from taskgen.tasks.games import simple_negotiation as module

    def plain(have: tuple[int, ...], values: tuple[int, ...], initial: tuple[int, ...]) -> str:
        rows = "".join(
            f"  {module.RESOURCES[i]}: {q} x {v} = {q * v}\n"
            for i, (q, v) in enumerate(zip(have, values, strict=True))
        )
        now = sum(q * v for q, v in zip(have, values, strict=True))
        start = sum(q * v for q, v in zip(initial, values, strict=True))
        return (
            "Your inventory (quantity x your value = worth):\n"
            f"{rows}Your inventory value: {now} (start {start}, change {now - start:+d})."
        )

    monkeypatch.setattr(module, "_INVENTORY_LINES_SIZE", 7)
    module._INVENTORY_LINES.clear()
    rng = random.Random(11)
    for _ in range(300):
        k = rng.randint(2, 5)
        have, initial = (tuple(rng.randint(0, 60) for _ in range(k)) for _ in range(2))
        values = tuple(rng.randint(4, 48) for _ in range(k))
        assert module._inventory_block(have, values, initial) == plain(have, values, initial)
        assert len(module._INVENTORY_LINES) <= 7
    module._INVENTORY_LINES.clear()
