"""Space reasoning: follow a walk through a network of places; name the item a new route reaches.

Description:
    The idea of SynLogic's ``space_reasoning`` task (arXiv 2505.19641, after BBEH's spatial
    navigation), implemented here from its rules. A network of places holds one distinct item
    per place. It is a square grid (moves up, down, left, right) or, at higher levels, a
    triangle or a diamond of a triangular lattice (moves left, right, up-left, up-right,
    down-left, down-right). The prompt states the shape and, for every direction, exactly how
    it changes a place's row and position, so every move is a fixed displacement.

    A story walks through waypoints along shortest paths, compressed ("3 steps left, then 1
    step up"), and names the item seen where each walk ends (never the places passed
    through). From level 3 the story also has teleports: a teleport takes you to a place you
    have never seen, whose position is unknown, and you walk from there through more new
    places until a walk ends at a place seen before (its item names it, since items are
    distinct), which fixes where the whole teleported stretch lies. After that, the story may
    teleport you "back to the place where your last teleport took you". The question gives a
    new route from where the story ends, through unseen places, and asks which item is at its
    end.

    **Every gold is determinable from the text.** Each walk is a sum of stated displacements;
    each teleported stretch is tied to the rest by the seen place its last walk reaches; and
    the route always ends at a place whose item the story names (the prompt says so). The
    original allowed the answer "unknown" while its gold was always an item; here routes that
    end at an unnamed place are never generated, "unknown" is not offered, and the prompt
    promises that the item was named. The gold is computed by :func:`answer_of`, which
    replays the instance, and the checker compares with the same function.

    Generation keeps a task only when the route's end is not the place where the story ends,
    not the starting place and not the place of the last item the story names (the three
    answers a model writes without walking).

Instance:
    ``{"network": "square", "size": 5, "items": [...], "story": [...], "route": [...]}``.
    ``items`` lists the item of each place in reading order (row 1 first, left to right);
    ``story`` is a list of events ``{"kind": "start", "node": i}``, ``{"kind": "walk",
    "moves": ["left", "left", "up"]}``, ``{"kind": "jump", "node": i}`` and ``{"kind":
    "return"}``; ``route`` is the question's list of moves. A story that leaves the network,
    teleports to a place already seen, or leaves a teleported stretch unanchored, and a route
    that ends at an unnamed place, are refused.

Answer format:
    The item's name inside ``\\boxed{}``, e.g. ``\\boxed{kettle}``. Letter case, surrounding
    spaces, a leading "a", "an" or "the" and a final full stop are ignored. A payload with
    anything but letters, spaces and hyphens (a list, a number), or longer than 60
    characters, is a format error.

Scoring:
    0/1: right iff the name is the item at the route's end. The reason says whether the
    answer is another item of the story (at another place) or no item of the story at all.

Difficulty:
    Larger networks, six directions from level 5, more waypoints, more teleports with more
    new places before they are anchored, returns, and longer routes through more stops.
    ``hardness`` is mostly the knobs' size: rows, plus 3 per waypoint, 4 per teleport and
    per new place allowed after each, 4 times the expected returns, 4 per route stop and per
    six-direction network kind allowed, plus a tenth of the single moves of the task.

    =====  =========================  ====  =========  =====  =======  ======  =====
    level  networks                   size  waypoints  jumps  unknown  return  stops
    =====  =========================  ====  =========  =====  =======  ======  =====
    1      square                     4     3          0      0        0.0     1
    2      square                     5     4          0      0        0.0     1
    3      square                     5     4          1      1        0.5     1
    4      square                     6     5          1      2        0.5     2
    5      square, triangle           7     6          1      2        0.5     2
    6      triangle, diamond          7     7          2      2        0.5     2
    7      triangle, diamond          8     8          2      3        0.5     3
    8      triangle, diamond          9     10         2      3        0.5     3
    9      triangle, diamond          10    12         3      3        0.7     4
    10     triangle, diamond          11    14         3      4        0.7     4
    =====  =========================  ====  =========  =====  =======  ======  =====

    (size: rows of the network; unknown: most new places walked to after a teleport before
    the anchoring walk; return: chance of teleporting back after each anchored teleport;
    stops: random unseen places the question's route passes before its end.)

Knobs:
    ``networks`` (non-empty list of ``square``, ``triangle``, ``diamond``), ``size`` (3-14),
    ``waypoints`` (1-30), ``jumps`` (0-6), ``unknown`` (0-6), ``return_chance`` (0-1),
    ``stops`` (0-8). Knobs whose network is too small for the places the story must reveal
    fail with ``InvalidParamsError``.

References:
    Liu et al., "SynLogic: Synthesizing Verifiable Reasoning Data at Scale for Learning
    Logical Reasoning and Beyond", arXiv 2505.19641 (task ``space_reasoning``);
    Kazemi et al., "BIG-Bench Extra Hard", arXiv 2502.19187 (spatial reasoning).

Version history:
    v0: first release.
"""

from __future__ import annotations

import random
import re
from collections import deque
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from taskgen.core.errors import InvalidParamsError
from taskgen.core.registry import Check, Draft, Family, register
from taskgen.core.task import Task
from taskgen.verifiers.extract import unwrap_latex

NetworkKind = Literal["square", "triangle", "diamond"]
Node = tuple[int, int]
MIN_SIZE = 3
MAX_SIZE = 14
MAX_ATTEMPTS = 300
"""Draws before knobs are declared impossible."""
MAX_ANSWER_CHARS = 60
KEEP = 0.8
"""Chance a walk keeps its direction while that stays on a shortest path."""
EXAMPLE = "teapot"
"""The item of the prompt's format example; never in :data:`ITEMS`."""

SQUARE_MOVES: dict[str, Node] = {"up": (-1, 0), "down": (1, 0), "left": (0, -1), "right": (0, 1)}
HEX_MOVES: dict[str, Node] = {
    "left": (0, -1),
    "right": (0, 1),
    "up-left": (-1, -1),
    "up-right": (-1, 0),
    "down-left": (1, 0),
    "down-right": (1, 1),
}

ITEMS: tuple[str, ...] = tuple(
    """
    anchor anvil apron arrow axe backpack bagpipe balloon banjo barrel basket bathtub
    battery beehive bell bench bicycle birdcage blanket bonnet bookcase boomerang
    bottle bouquet bowl bracelet broom bucket buckle cactus calculator calendar camera candle
    cannon canoe carpet cauldron chair chandelier chessboard chisel clarinet clock compass
    cork cradle crayon crown crutch cushion cymbal dagger dartboard desk doll doorbell
    drum dumbbell easel envelope eraser fan feather fiddle flag flashlight flowerpot flute
    fork fountain funnel gavel globe glove goblet gong guitar hammer hammock harmonica harp
    hat helmet hourglass jar jigsaw kayak kettle key kite ladder lantern lamp lasso lemon
    lighthouse lipstick lock locket magnet mailbox mallet map mask mattress medal microphone
    mirror mitten mop mug necklace needle notebook oar organ paddle paintbrush pan parasol
    pencil pendulum piano pillow pinecone pipe pitchfork plate pumpkin puppet
    quill quilt racket radio rake ribbon rocket rope rug ruler saddle sandal saucer saw
    saxophone scale scarf scooter scroll shield shovel sieve skateboard sled slipper
    snowglobe sofa spatula spindle spoon stapler statue stethoscope stool suitcase sundial
    sword tambourine tapestry telescope tent thermos thimble throne tiara toaster torch
    tractor trampoline treasure trombone trophy trowel trumpet tuba typewriter
    umbrella urn vase violin wagon wallet wand wardrobe watch wheelbarrow whistle windmill
    wreath xylophone yoyo zipper
    """.split()  # noqa: SIM905  (a word list reads best as text)
)
"""Items placed in the networks (distinct single words)."""

_ITEM_SET = frozenset(ITEMS)

LEVELS: dict[int, tuple[tuple[NetworkKind, ...], int, int, int, int, float, int]] = {
    1: (("square",), 4, 3, 0, 0, 0.0, 1),
    2: (("square",), 5, 4, 0, 0, 0.0, 1),
    3: (("square",), 5, 4, 1, 1, 0.5, 1),
    4: (("square",), 6, 5, 1, 2, 0.5, 2),
    5: (("square", "triangle"), 7, 6, 1, 2, 0.5, 2),
    6: (("triangle", "diamond"), 7, 7, 2, 2, 0.5, 2),
    7: (("triangle", "diamond"), 8, 8, 2, 3, 0.5, 3),
    8: (("triangle", "diamond"), 9, 10, 2, 3, 0.5, 3),
    9: (("triangle", "diamond"), 10, 12, 3, 3, 0.7, 4),
    10: (("triangle", "diamond"), 11, 14, 3, 4, 0.7, 4),
}
"""Level -> (networks, size, waypoints, jumps, unknown, return_chance, stops)."""


class SpaceReasoningKnobs(BaseModel):
    """Knobs of the ``space_reasoning`` family."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    networks: list[NetworkKind] = Field(min_length=1, description="network kinds drawn from")
    size: int = Field(ge=MIN_SIZE, le=MAX_SIZE, description="rows of the network")
    waypoints: int = Field(ge=1, le=30, description="walks to new places in the story")
    jumps: int = Field(ge=0, le=6, description="teleports in the story")
    unknown: int = Field(ge=0, le=6, description="most new places walked to after a teleport")
    return_chance: float = Field(ge=0.0, le=1.0, description="chance of teleporting back")
    stops: int = Field(ge=0, le=8, description="unseen places the question's route passes")


class Event(BaseModel):
    """One event of the story: start, walk, jump (teleport) or return."""

    model_config = ConfigDict(extra="forbid", strict=True)

    kind: Literal["start", "walk", "jump", "return"]
    node: int | None = None
    moves: list[str] = Field(default_factory=list)


class SpaceReasoningInstance(BaseModel):
    """``Task.instance`` of the ``space_reasoning`` family."""

    model_config = ConfigDict(extra="forbid", strict=True)

    network: NetworkKind
    size: int = Field(ge=2, le=MAX_SIZE)
    items: list[str]
    story: list[Event] = Field(min_length=1)
    route: list[str] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> SpaceReasoningInstance:
        nodes = network_nodes(self.network, self.size)
        if len(self.items) != len(nodes):
            raise ValueError(f"items has {len(self.items)} entries; the network has {len(nodes)}")
        if len(set(self.items)) != len(self.items):
            raise ValueError("items are not distinct")
        for item in self.items:
            if not re.fullmatch(r"[a-z]+(?:[ -][a-z]+)*", item) or len(item) > 40:
                raise ValueError(f"item {item[:40]!r} is not lowercase words")
        replay(self.model_dump())
        return self


# -- the network ---------------------------------------------------------------------------------


def network_nodes(kind: str, size: int) -> list[Node]:
    """Returns the places of a network as 1-based (row, position) pairs in reading order.

    >>> network_nodes("triangle", 3)
    [(1, 1), (2, 1), (2, 2), (3, 1), (3, 2), (3, 3)]
    """
    if kind == "triangle":
        return [(r, c) for r in range(1, size + 1) for c in range(1, r + 1)]
    return [(r, c) for r in range(1, size + 1) for c in range(1, size + 1)]


def moves_of(kind: str) -> dict[str, Node]:
    """Returns the direction names of a network kind with their (row, position) steps."""
    return SQUARE_MOVES if kind == "square" else HEX_MOVES


def replay(instance: dict[str, Any]) -> tuple[int, int, set[int], int]:
    """Replays the story and the route; returns (route end, story end, seen places, start).

    Raises ``ValueError`` when the story or route is not what the prompt promises: a move
    off the network, an unknown direction, a teleport to a seen place, a teleported stretch
    never tied back to seen places, or a route ending at a place whose item was not named.
    """
    kind, size = instance["network"], instance["size"]
    nodes = network_nodes(kind, size)
    index = {node: i for i, node in enumerate(nodes)}
    steps = moves_of(kind)
    story = instance["story"]
    if story[0]["kind"] != "start" or story[0].get("node") is None:
        raise ValueError("the story must begin with a start event naming its place")

    def walk(at: int, moves: list[str]) -> int:
        r, c = nodes[at]
        for move in moves:
            if move not in steps:
                raise ValueError(f"{move!r} is not a direction of a {kind} network")
            dr, dc = steps[move]
            r, c = r + dr, c + dc
            if (r, c) not in index:
                raise ValueError("a walk leaves the network")
        return index[(r, c)]

    def place(node: object) -> int:
        if not isinstance(node, int) or not 0 <= node < len(nodes):
            raise ValueError(f"place {node!r} is not in the network")
        return node

    start = place(story[0]["node"])
    at = start
    seen = {start}
    floating: set[int] | None = None  # places seen since a teleport, not yet anchored
    landing: int | None = None
    for event in story[1:]:
        kind_of = event["kind"]
        if kind_of == "walk":
            if not event.get("moves"):
                raise ValueError("a walk without moves")
            at = walk(at, event["moves"])
            if floating is not None:
                if at in seen:
                    seen |= floating
                    floating = None
                else:
                    floating.add(at)
            else:
                seen.add(at)
        elif kind_of == "jump":
            if floating is not None:
                raise ValueError("a teleport before the previous one was tied back")
            at = place(event.get("node"))
            if at in seen:
                raise ValueError("a teleport must go to a place not seen before")
            floating, landing = {at}, at
        elif kind_of == "return":
            if landing is None or floating is not None:
                raise ValueError("a return needs an earlier, tied-back teleport")
            at = landing
        else:
            raise ValueError("the story has a second start")
    if floating is not None:
        raise ValueError("the last teleported stretch is never tied back to seen places")
    end = walk(at, instance["route"])
    if end not in seen:
        raise ValueError("the route ends at a place whose item the story does not name")
    return end, at, seen, start


def answer_of(instance: dict[str, Any]) -> str:
    """Returns the item at the end of the question's route (the gold)."""
    end, _, _, _ = replay(instance)
    item: str = instance["items"][end]
    return item


def last_named(instance: dict[str, Any]) -> int:
    """Returns the place of the last item the story's text names."""
    nodes = network_nodes(instance["network"], instance["size"])
    index = {node: i for i, node in enumerate(nodes)}
    steps = moves_of(instance["network"])
    at, named, landing = instance["story"][0]["node"], instance["story"][0]["node"], None
    for event in instance["story"][1:]:
        if event["kind"] == "walk":
            r, c = nodes[at]
            for move in event["moves"]:
                r, c = r + steps[move][0], c + steps[move][1]
            at = named = index[(r, c)]
        elif event["kind"] == "jump":
            at = named = landing = event["node"]
        elif event["kind"] == "return":
            at = landing
    result: int = named
    return result


# -- generation ----------------------------------------------------------------------------------


class _Grid:
    """A network's places and neighbours, for drawing random shortest paths."""

    def __init__(self, kind: str, size: int) -> None:
        self.kind = kind
        self.nodes = network_nodes(kind, size)
        self.index = {node: i for i, node in enumerate(self.nodes)}
        self.steps = list(moves_of(kind).items())
        self.links: list[list[tuple[str, int]]] = []
        for r, c in self.nodes:
            row = []
            for name, (dr, dc) in self.steps:
                other = self.index.get((r + dr, c + dc))
                if other is not None:
                    row.append((name, other))
            self.links.append(row)

    def distances(self, target: int) -> list[int]:
        """Returns every place's number of moves to ``target`` (breadth-first)."""
        far = [-1] * len(self.nodes)
        far[target] = 0
        queue = deque([target])
        while queue:
            here = queue.popleft()
            for _, other in self.links[here]:
                if far[other] < 0:
                    far[other] = far[here] + 1
                    queue.append(other)
        return far

    def path(self, source: int, target: int, rng: random.Random) -> list[str]:
        """Returns the moves of a random shortest path from ``source`` to ``target``.

        The path keeps its last direction with probability :data:`KEEP` while that stays
        on a shortest path, so walks read as a few runs rather than a zigzag.
        """
        far = self.distances(target)
        moves: list[str] = []
        here = source
        while here != target:
            options = [(name, other) for name, other in self.links[here] if far[other] < far[here]]
            same = [option for option in options if moves and option[0] == moves[-1]]
            if same and rng.random() < KEEP:
                name, here = same[0]
            else:
                name, here = options[rng.randrange(len(options))]
            moves.append(name)
        return moves


def _needed(knobs: SpaceReasoningKnobs) -> int:
    """Returns how many places a story of these knobs reveals at most, plus the stops."""
    return 1 + knobs.waypoints + knobs.jumps * (1 + knobs.unknown) + knobs.stops + 2


def draw_instance(knobs: SpaceReasoningKnobs, rng: random.Random) -> dict[str, Any]:
    """Draws a network, its items, a story and a route (not yet screened)."""
    kind = knobs.networks[rng.randrange(len(knobs.networks))]
    grid = _Grid(kind, knobs.size)
    count = len(grid.nodes)
    items = rng.sample(ITEMS, count)
    start = rng.randrange(count)
    seen = {start}
    story: list[dict[str, Any]] = [{"kind": "start", "node": start}]
    at = start

    def unseen() -> int:
        while True:
            node = rng.randrange(count)
            if node not in seen and node != at:
                return node

    # spread the jumps among the waypoints: a jump comes after waypoint slot k
    slots = sorted(rng.randrange(1, knobs.waypoints + 1) for _ in range(knobs.jumps))
    for step in range(1, knobs.waypoints + 1):
        target = unseen()
        story.append({"kind": "walk", "moves": grid.path(at, target, rng)})
        at = target
        seen.add(at)
        for _ in range(slots.count(step)):
            landing = unseen()
            story.append({"kind": "jump", "node": landing})
            at = landing
            fresh = {landing}
            for _ in range(rng.randint(0, knobs.unknown)):
                target = rng.randrange(count)
                if target in seen or target in fresh:
                    continue
                story.append({"kind": "walk", "moves": grid.path(at, target, rng)})
                at = target
                fresh.add(at)
            anchor = sorted(seen)[rng.randrange(len(seen))]
            story.append({"kind": "walk", "moves": grid.path(at, anchor, rng)})
            at = anchor
            seen |= fresh
            if rng.random() < knobs.return_chance:
                story.append({"kind": "return"})
                at = landing
    route: list[str] = []
    here = at
    for _ in range(knobs.stops):
        stop = unseen()
        route += grid.path(here, stop, rng)
        here = stop
    choices = sorted(seen - {here})
    end = choices[rng.randrange(len(choices))]
    route += grid.path(here, end, rng)
    return {"network": kind, "size": knobs.size, "items": items, "story": story, "route": route}


def is_fair(instance: dict[str, Any]) -> bool:
    """Keeps draws whose route end is none of the places a lazy answer names."""
    if not instance["route"]:
        return False
    end, at, _, start = replay(instance)
    return end not in (at, start, last_named(instance))


# -- prompt --------------------------------------------------------------------------------------


def _article(word: str) -> str:
    return ("an " if word[0] in "aeiou" else "a ") + word


def compress(moves: list[str]) -> str:
    """Writes moves with runs of one direction counted.

    >>> compress(["left", "left", "up", "right"])
    '2 steps left, then 1 step up, then 1 step right'
    """
    parts: list[str] = []
    run = 0
    for i, move in enumerate(moves):
        run += 1
        if i + 1 == len(moves) or moves[i + 1] != move:
            parts.append(f"{run} step{'s' if run != 1 else ''} {move}")
            run = 0
    return ", then ".join(parts)


def describe_network(kind: str, size: int) -> str:
    """States the network's shape and exactly what every direction does."""
    if kind == "square":
        return (
            f"The places form a square grid of {size} rows and {size} columns. Rows are "
            f"numbered 1 to {size} from top to bottom and columns 1 to {size} from left to "
            "right. From the place in row r, column c, one step in a direction leads to:\n"
            "- up: row r-1, column c\n- down: row r+1, column c\n"
            "- left: row r, column c-1\n- right: row r, column c+1"
        )
    if kind == "triangle":
        shape = (
            f"The places form a triangle of {size} rows: row 1 at the top has 1 place, row "
            f"2 has 2 places, and so on down to row {size} with {size} places. In row r the "
            "places are numbered 1 to r from left to right. Each row is shifted half a place "
            "to the left of the row above it, so a place touches up to six neighbours."
        )
    else:
        shape = (
            f"The places form a diamond (a rhombus) of {size} rows with {size} places each, "
            f"numbered 1 to {size} from left to right; row 1 is at the top. Each row is "
            "shifted half a place to the left of the row above it, so a place touches up to "
            "six neighbours."
        )
    return (
        shape + " From the place in row r, position c, one step in a direction leads to:\n"
        "- left: row r, position c-1\n- right: row r, position c+1\n"
        "- up-left: row r-1, position c-1\n- up-right: row r-1, position c\n"
        "- down-left: row r+1, position c\n- down-right: row r+1, position c+1"
    )


def story_lines(instance: dict[str, Any]) -> list[str]:
    """Writes the story, one numbered sentence per event."""
    nodes = network_nodes(instance["network"], instance["size"])
    index = {node: i for i, node in enumerate(nodes)}
    steps = moves_of(instance["network"])
    items = instance["items"]
    lines: list[str] = []
    at = landing = instance["story"][0]["node"]
    for number, event in enumerate(instance["story"], 1):
        if event["kind"] == "start":
            text = f"You start at a place where you see {_article(items[at])}."
        elif event["kind"] == "walk":
            r, c = nodes[at]
            for move in event["moves"]:
                r, c = r + steps[move][0], c + steps[move][1]
            at = index[(r, c)]
            text = f"You walk {compress(event['moves'])}, and see {_article(items[at])}."
        elif event["kind"] == "jump":
            at = landing = event["node"]
            text = (
                "You are teleported to a place you have not seen before, and see "
                f"{_article(items[at])}."
            )
        else:
            at = landing
            text = "You are teleported back to the place where your last teleport took you."
        lines.append(f"{number}. {text}")
    return lines


def render_prompt(instance: dict[str, Any]) -> str:
    """Writes the prompt: the network, the rules, the story, the question and the format."""
    has_jump = any(event["kind"] == "jump" for event in instance["story"])
    teleports = (
        "A teleport does not tell you where it takes you; you learn where that place is only "
        "when a later walk ends at a place you have seen before.\n"
        if has_jump
        else ""
    )
    return (
        "You explore a network of places. Every place holds one item, and no two places "
        "hold the same item, so seeing an item again means you are back where you saw it.\n\n"
        + describe_network(instance["network"], instance["size"])
        + "\n\n"
        'Every walk stays inside the network. "3 steps left" means three single steps '
        "left, one after another. On a walk you see only the item where the walk ends, not "
        "the items of the places you pass through.\n"
        + teleports
        + "\nStory:\n"
        + "\n".join(story_lines(instance))
        + "\n\nQuestion: from where the story ends, you walk "
        + compress(instance["route"])
        + ". Which item is at the place where this walk ends? (It is an item the story "
        "names.)\n\n"
        "Answer with the item's name only (letter case does not matter), inside \\boxed{}; "
        f"for example \\boxed{{{EXAMPLE}}}."
    )


# -- reading an answer ---------------------------------------------------------------------------

_ARTICLE = re.compile(r"^(?:a|an|the)\s+")
_NAME = re.compile(r"[a-z]+(?:[ -][a-z]+)*")


def read_item(payload: str) -> str | Check:
    """Reads an item name (lowercased, article and full stop dropped) or a format error."""
    text = " ".join(unwrap_latex(payload).split()).casefold().rstrip(".").strip()
    if len(text) > MAX_ANSWER_CHARS:
        return Check(False, 0.0, f"answer is too long ({len(text)} characters)", False)
    text = _ARTICLE.sub("", text)
    if not _NAME.fullmatch(text):
        shown = text[:30]
        return Check(False, 0.0, f"answer is not one item name: {shown!r}", False)
    return text


# -- the family ----------------------------------------------------------------------------------


@register("space_reasoning")
class SpaceReasoning(Family):
    """Follow a walk with teleports through a network of places; name the item a route reaches."""

    cell_answer = False  # one item name, scored 0/1
    version = 0
    kind = "puzzle"
    description = "Space reasoning: track positions through walks and teleports, name an item"
    Knobs = SpaceReasoningKnobs
    Instance = SpaceReasoningInstance

    def validate_for_generation(self, knobs: SpaceReasoningKnobs) -> None:
        smallest = min(len(network_nodes(kind, knobs.size)) for kind in knobs.networks)
        if _needed(knobs) > smallest:
            raise InvalidParamsError(
                f"space_reasoning: a network of {smallest} places is too small for "
                f"{_needed(knobs)} revealed places and stops; raise size or lower waypoints, "
                "jumps, unknown or stops"
            )

    def knobs_for_level(self, level: int) -> dict[str, Any]:
        networks, size, waypoints, jumps, unknown, back, stops = LEVELS[level]
        return {
            "networks": list(networks),
            "size": size,
            "waypoints": waypoints,
            "jumps": jumps,
            "unknown": unknown,
            "return_chance": back,
            "stops": stops,
        }

    def generate(self, knobs: SpaceReasoningKnobs, rng: random.Random) -> Draft:
        for _ in range(MAX_ATTEMPTS):
            instance = draw_instance(knobs, rng)
            if is_fair(instance):
                break
        else:  # pragma: no cover - the fair share is large at every valid size
            raise InvalidParamsError(
                f"space_reasoning: no fair draw in {MAX_ATTEMPTS} with {knobs.model_dump()}"
            )
        meta = {
            "network": instance["network"],
            "events": len(instance["story"]),
            "route_moves": len(instance["route"]),
        }
        return Draft(render_prompt(instance), answer_of(instance), instance, meta)

    def check(self, instance: dict[str, Any], payload: str) -> Check:
        found = read_item(payload)
        if isinstance(found, Check):
            return found
        gold = answer_of(instance)
        if found == gold:
            return Check(True, 1.0, f"right: the route ends at the {gold}")
        _, _, seen, _ = replay(instance)
        named = {instance["items"][node] for node in seen}
        if found in named:
            return Check(False, 0.0, f"the {found} is not where the route ends")
        if found == "unknown":
            return Check(False, 0.0, "the route ends at a place whose item the story names")
        return Check(False, 0.0, f"{found!r} is not an item the story names")

    def hardness(self, task: Task) -> float:
        """Rows, 3 per waypoint, 4 per teleport and per new place after one, 4 times the
        expected returns, 4 per route stop and per six-direction kind, single moves / 10."""
        p = task.params
        hexes = sum(kind != "square" for kind in p["networks"])
        moves = len(task.instance["route"]) + sum(
            len(event.get("moves", [])) for event in task.instance["story"]
        )
        return float(
            p["size"]
            + 3 * p["waypoints"]
            + 4 * p["jumps"] * (1 + p["unknown"] + p["return_chance"])
            + 4 * (p["stops"] + hexes)
            + moves / 10
        )

    def lazy_answers(self, instance: dict[str, Any]) -> dict[str, list[str]]:
        """The item where the story ends, the first item and the last item the story names."""
        _, at, _, start = replay(instance)
        items = instance["items"]
        return {
            "story end": [items[at]],
            "first named": [items[start]],
            "last named": [items[last_named(instance)]],
        }
