"""Prints taskgen's speed next to its peers', row by row (the table of the performance issue).

    python benchmarks/bench_peers.py [--rounds 5] [--slice 0.4] [--only sudoku ...] [--fresh]
                                     [--markdown]

Each contender runs in its own interpreter that imports only its own library: taskgen and
TextArena from ``--taskgen-python``, reasoning-gym from ``--rg-python`` (both default to
this interpreter; ``pip install -e '.[bench]'`` installs the peers); the "bare" contenders
(a plain clause loop, a minimal planted 3-SAT generator) import nothing. For every row the
driver asks the two workers for alternating timed slices (taskgen, peer, taskgen, peer, ...),
so both see the same machine load, and reports the median rate over ``--rounds`` rounds
(``--fresh``: each round in new worker processes, where one process's luck would skew a row).
``ratio`` is taskgen / peer (> 1: taskgen is faster). A peer that is not installed prints
"not installed".

Rows (what one unit of work is):

* generation: one task from a fresh seed (taskgen ``sample``; reasoning-gym ``dataset[i]`` of
  a dataset whose config pins the same size and blanks);
* verification: one gold answer verified (taskgen ``verify`` on a ``\\boxed{gold}``
  completion, which checks the rules; reasoning-gym ``score_answer``). "checked" rows turn
  off verify's memo of recent payloads, so every call runs the family's checker; "repeated"
  rows keep it, as a GRPO group that boxes the same answer many times sees it (16 tasks,
  one answer each, cycled);
* sat: verification of the gold against a bare loop over the clauses (the same sizes);
  generation against a minimal planted generator (draw an assignment, draw clauses, flip one
  literal of any clause the assignment falsifies);
* games: one full game between two uniformly random legal players through taskgen's
  PettingZoo AEC environment (``env.last()`` every turn, as a trainer reads it) and through
  TextArena (``get_observation`` / ``step``); Kuhn Poker 5 hands (TextArena's
  ``KuhnPoker-v0-short``), negotiation 10 turns;
* rules engines: one random game through taskgen's engine and OpenSpiel's C++ game (Kuhn
  Poker one hand on both sides, as OpenSpiel deals it);
* verify overhead: ``verify`` of one repeated task with the family's check replaced by a
  constant, so the time is what ``verify`` adds around a check (no peer).

OpenSpiel rows print "not installed" unless ``pyspiel`` imports in ``--taskgen-python``'s
environment.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

Work = Callable[[int], object]

# -- workers: each builds its jobs from its own library only ------------------------------------


def _taskgen_job(name: str, arg: Any) -> Work:
    import taskgen
    from taskgen.core.registry import Check, get

    if name == "generate":
        family, level, knobs = arg
        return lambda i: taskgen.sample(family, level, 10_000 + i, **knobs)
    if name == "verify":
        family, level, knobs, memo = arg
        from taskgen.core.api import CHECK_MEMO

        CHECK_MEMO.size = 4096 if memo else 0  # off: every call runs the family's checker
        tasks = [taskgen.sample(family, level, seed, **knobs) for seed in range(16)]
        replies = ["\\boxed{" + task.answer + "}" for task in tasks]
        return lambda i: taskgen.verify(tasks[i % 16], replies[i % 16])
    if name == "overhead":
        family, level, form = arg
        task = taskgen.sample(family, level, 0)
        record: Any = {"task": task, "dict": task.model_dump(mode="json")}.get(form)
        record = task.model_dump_json() if record is None else record
        reply = "so the answer is \\boxed{" + task.answer + "}"
        constant = Check(True, 1.0, "ok")
        get(family).check = lambda instance, payload: constant  # type: ignore[method-assign]
        return lambda i: taskgen.verify(record, reply)
    if name == "game":
        from taskgen.envs.games import aec_env

        env = aec_env(arg)
        rng = random.Random(0)

        def play(i: int) -> int:
            env.reset(seed=i)
            for _ in env.agent_iter():
                _, _, done, cut, info = env.last()
                env.step(
                    None if done or cut else "\\boxed{" + rng.choice(info["legal_moves"]) + "}"
                )
            return 0

        return play
    if name == "engine":
        from taskgen.tasks.games import get_game

        name, config = arg
        game = get_game(name, **config)
        rng = random.Random(0)

        def engine(i: int) -> int:
            state = game.new_state(rng)
            while not game.is_terminal(state):
                state = game.apply(state, game.random_move(state, rng))
            return 0

        return engine
    raise KeyError(name)


def _rg_job(name: str, arg: Any) -> Work:
    import reasoning_gym

    dataset_name, config = arg
    if name == "generate":
        box: list[Any] = [None]

        def generate(i: int) -> object:
            if i % 200 == 0:
                box[0] = reasoning_gym.create_dataset(dataset_name, seed=i, size=200, **config)
            return box[0][i % 200]

        return generate
    if name == "verify":
        data = reasoning_gym.create_dataset(dataset_name, seed=1, size=16, **config)
        entries = [data[i] for i in range(16)]
        return lambda i: data.score_answer(entries[i % 16]["answer"], entries[i % 16])
    raise KeyError(name)


def _textarena_job(name: str, arg: Any) -> Work:
    import textarena as ta

    ids = {"kuhn_poker": "KuhnPoker-v0-short", "tictactoe": "TicTacToe-v0"}
    env_id = ids.get(arg, "SimpleNegotiation-v0")
    rng = random.Random(0)

    def move(env: Any, player: int, observation: str) -> str:
        state = env.state.game_state
        if arg == "kuhn_poker":
            tail = observation.rsplit("\n", 1)[-1]
            legal = [m for m in ("[check]", "[bet]", "[call]", "[fold]") if m in tail]
            return rng.choice(legal or ["[check]"])
        if arg == "tictactoe":
            board = state["board"]
            empty = [r * 3 + c for r in range(3) for c in range(3) if not board[r][c]]
            return f"[{rng.choice(empty)}]"
        offer = state.get("current_offer")
        moves = ["Pass"]
        if offer and offer.get("to_player") == player:
            moves += ["[Accept]", "[Deny]"]
        mine = state["player_resources"][player]
        give = rng.choice([r for r, q in mine.items() if q > 0])
        get = rng.choice([r for r in mine if r != give])
        moves.append(f"[Offer: 1 {give} -> {rng.randint(1, 3)} {get}]")
        return rng.choice(moves)

    def play(i: int) -> int:
        env = ta.make(env_id)
        env.reset(num_players=2, seed=i)
        done = False
        while not done:
            player, observation = env.get_observation()
            done, _ = env.step(move(env, player, observation))
        env.close()
        return 0

    return play


def _bare_job(name: str, arg: Any) -> Work:
    width, variables, count = arg
    rng = random.Random(0)

    def planted(seed: int) -> tuple[list[bool], list[list[int]]]:
        draw = random.Random(seed)
        truth = [False] + [draw.random() < 0.5 for _ in range(variables)]
        clauses = []
        for _ in range(count):
            chosen = draw.sample(range(1, variables + 1), min(width, variables))
            clause = [v if draw.random() < 0.5 else -v for v in chosen]
            if not any((lit > 0) == truth[abs(lit)] for lit in clause):
                clause[0] = -clause[0]
            clauses.append(clause)
        return truth, clauses

    if name == "planted":
        return planted
    pool = [planted(rng.randrange(1 << 30)) for _ in range(16)]
    replies = [
        "\\boxed{" + "".join("1" if v else "0" for v in truth[1:]) + "}" for truth, _ in pool
    ]

    def check(i: int) -> bool:
        _, clauses = pool[i % 16]
        reply = replies[i % 16]
        start = reply.rfind("\\boxed{") + 7
        bits = reply[start : reply.find("}", start)]
        value = [False] + [b == "1" for b in bits]
        return all(any((lit > 0) == value[abs(lit)] for lit in clause) for clause in clauses)

    return check


def _openspiel_job(name: str, arg: Any) -> Work:
    import pyspiel

    game = pyspiel.load_game(arg)
    rng = random.Random(0)

    def play(i: int) -> int:
        state = game.new_initial_state()
        while not state.is_terminal():
            if state.is_chance_node():
                outcomes = state.chance_outcomes()
                state.apply_action(rng.choice(outcomes)[0])
            else:
                state.apply_action(rng.choice(state.legal_actions()))
        return 0

    return play


BUILDERS: dict[str, Callable[[str, Any], Work]] = {
    "taskgen": _taskgen_job,
    "rg": _rg_job,
    "textarena": _textarena_job,
    "bare": _bare_job,
    "openspiel": _openspiel_job,
}


def worker(kind: str) -> None:
    """Serves jobs over stdin/stdout: ``{"job": ..., "arg": ..., "seconds": s}`` → rate."""
    jobs: dict[str, Work] = {}
    for line in sys.stdin:
        request = json.loads(line)
        key = json.dumps([request["job"], request["arg"]])
        try:
            if key not in jobs:
                jobs[key] = BUILDERS[kind](request["job"], request["arg"])
                jobs[key](0)  # warm up (imports, caches) outside the timed slice
            work, count, start = jobs[key], 0, time.perf_counter()
            while (elapsed := time.perf_counter() - start) < request["seconds"]:
                work(count + 1)
                count += 1
            answer: dict[str, Any] = {"rate": count / elapsed}
        except ImportError as exc:
            answer = {"error": f"not installed ({exc.name})"}
        except Exception as exc:  # report, keep serving
            answer = {"error": f"{type(exc).__name__}: {exc}"[:60]}
        print(json.dumps(answer), flush=True)


# -- driver -------------------------------------------------------------------------------------


class Contender:
    """A worker process of one library."""

    def __init__(self, kind: str, python: str) -> None:
        env = dict(os.environ, PYTHONHASHSEED="0")
        self.process = subprocess.Popen(
            [python, os.path.abspath(__file__), "--worker", kind],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
            cwd="/tmp",
        )

    def run(self, job: str, arg: Any, seconds: float) -> float | str:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps({"job": job, "arg": arg, "seconds": seconds}) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            return "worker died"
        answer = json.loads(line)
        return answer.get("rate", answer.get("error", "?"))

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process.wait(timeout=30)


Side = tuple[str, str, Any] | None
"""(worker kind, job, argument), or None for no contender."""


def rows() -> list[tuple[str, Side, Side]]:
    """Returns the rows of the table: (label, taskgen side, peer side)."""
    out: list[tuple[str, Side, Side]] = []
    for blanks in (36, 48):
        out.append(
            (
                f"sudoku 9x9 {blanks} blanks, generate",
                ("taskgen", "generate", ["sudoku", 5, {"givens": 81 - blanks}]),
                ("rg", "generate", ["sudoku", {"min_empty": blanks, "max_empty": blanks}]),
            )
        )
    out.append(
        (
            "sudoku 4x4 6 blanks, generate",
            ("taskgen", "generate", ["sudoku", 1, {"givens": 10}]),
            ("rg", "generate", ["mini_sudoku", {"min_empty": 6, "max_empty": 6}]),
        )
    )
    for level, size in ((1, 4), (5, 6), (10, 8)):
        out.append(
            (
                f"survo {size}x{size}, generate",
                ("taskgen", "generate", ["survo", level, {}]),
                ("rg", "generate", ["survo", {"min_board_size": size, "max_board_size": size}]),
            )
        )
    for level, size in ((1, 4), (6, 6), (10, 8)):
        out.append(
            (
                f"futoshiki {size}x{size}, generate",
                ("taskgen", "generate", ["futoshiki", level, {}]),
                ("rg", "generate", ["futoshiki", {"min_board_size": size, "max_board_size": size}]),
            )
        )
    for memo, how in ((False, "checked"), (True, "repeated")):
        for family, level, peer, config in (
            ("sudoku", 5, "sudoku", {"min_empty": 36, "max_empty": 36}),
            ("futoshiki", 6, "futoshiki", {"min_board_size": 6, "max_board_size": 6}),
            ("survo", 5, "survo", {"min_board_size": 6, "max_board_size": 6}),
            (
                "kukurasu",
                3,
                "kakurasu",
                {"min_rows": 4, "max_rows": 4, "min_cols": 4, "max_cols": 4},
            ),
        ):
            out.append(
                (
                    f"{family} verify gold, {how}",
                    ("taskgen", "verify", [family, level, {}, memo]),
                    ("rg", "verify", [peer, config]),
                )
            )
    for level, knobs in ((1, (3, 3, 3)), (5, (3, 5, 13)), (10, (3, 14, 70))):
        out.append(
            (
                f"sat L{level} verify vs bare loop",
                ("taskgen", "verify", ["sat", level, {}, False]),
                ("bare", "check", list(knobs)),
            )
        )
    out.append(
        (
            "sat L5 generate vs minimal planted",
            ("taskgen", "generate", ["sat", 5, {}]),
            ("bare", "planted", [3, 5, 13]),
        )
    )
    for game in ("simple_negotiation", "kuhn_poker", "tictactoe"):
        out.append(
            (
                f"{game} PettingZoo env, games",
                ("taskgen", "game", game),
                ("textarena", "game", game),
            )
        )
    for game, config, spiel in (
        ("tictactoe", {}, "tic_tac_toe"),
        ("kuhn_poker", {"num_hands": 1}, "kuhn_poker"),  # one hand, as OpenSpiel's game
    ):
        out.append(
            (
                f"{game} rules engine, games",
                ("taskgen", "engine", [game, config]),
                ("openspiel", "game", spiel),
            )
        )
    for form in ("task", "dict", "json"):
        out.append(
            (
                f"verify overhead (us), repeated {form}",
                ("taskgen", "overhead", ["sat", 1, form]),
                None,
            )
        )
    return out


def _show(value: float | str | None, overhead: bool) -> str:
    if value is None:
        return "-"
    if isinstance(value, str):
        return value
    return f"{1e6 / value:.2f}" if overhead else f"{value:,.0f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--slice", type=float, default=0.4, help="seconds per timed slice")
    parser.add_argument("--only", nargs="*", default=None, help="rows whose label has a word")
    parser.add_argument(
        "--fresh",
        action="store_true",
        help="new worker processes every round: on a noisy machine one process can run 20%% "
        "slower than the next for its whole life, so each round gets its own pair",
    )
    parser.add_argument("--taskgen-python", default=sys.executable)
    parser.add_argument("--rg-python", default=sys.executable)
    parser.add_argument(
        "--markdown", action="store_true", help="also print the table in Markdown (the README's)"
    )
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker)
        return
    pythons = {"rg": args.rg_python}
    workers: dict[str, Contender] = {}
    print(f"{'work':<42}{'taskgen':>12} {'peer':>24}{'ratio':>8}")
    table = ["| work | taskgen | peer | ratio |", "|---|---|---|---|"]
    names = {"rg": "reasoning-gym", "bare": "bare", "textarena": "TextArena"}
    names["openspiel"] = "OpenSpiel"
    for label, ours, theirs in rows():
        if args.only and not any(word in label for word in args.only):
            continue
        rates: list[list[float | str]] = [[], []]
        for _ in range(args.rounds):
            for side, slot in ((ours, 0), (theirs, 1)):
                if side is None:
                    continue
                kind = side[0]
                if kind not in workers:
                    workers[kind] = Contender(kind, pythons.get(kind, args.taskgen_python))
                rates[slot].append(workers[kind].run(side[1], side[2], args.slice))
            if ours is not None and ours[1] == "overhead":  # the worker patched a check
                workers.pop("taskgen").close()
            if args.fresh:
                for kind in list(workers):
                    workers.pop(kind).close()
        medians: list[float | str | None] = []
        for got in rates:
            numbers = [r for r in got if isinstance(r, float)]
            errors = [r for r in got if isinstance(r, str)]
            medians.append(errors[0] if errors else statistics.median(numbers) if numbers else None)
        overhead = ours is not None and ours[1] == "overhead"
        ratio = (
            f"{medians[0] / medians[1]:.2f}"
            if isinstance(medians[0], float) and isinstance(medians[1], float)
            else ""
        )
        peer = "" if theirs is None else theirs[0]
        shown = f"{_show(medians[1], overhead)} {peer}".strip()
        print(f"{label:<42}{_show(medians[0], overhead):>12} {shown:>24}{ratio:>8}", flush=True)
        theirs_shown = "" if theirs is None else f"{names[peer]} {_show(medians[1], overhead)}"
        table.append(f"| {label} | {_show(medians[0], overhead)} | {theirs_shown} | {ratio} |")
    if args.markdown:
        print("\n" + "\n".join(table))
    for contender in workers.values():
        contender.close()


if __name__ == "__main__":
    main()
