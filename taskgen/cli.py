"""The ``taskgen`` command line: list, sample, verify and generate tasks.

Bad input (an unknown family, a level out of range, a malformed task file) prints one line
that says what is valid and exits with status 2, never a traceback.

Usage::

    taskgen list
    taskgen sample --family sat --difficulty 5 --seed 0
    taskgen sample --family sat --difficulty 5 -p k=8 --format json > task.json
    taskgen verify task.json --answer '\\boxed{10110}'
    taskgen generate --family sat --difficulty 3 --n 100000 --seed 7 --out sat.jsonl --workers 2
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

app = typer.Typer(
    name="taskgen",
    help="Verifiable reasoning tasks for reinforcement learning of language models.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

EXIT_CORRECT, EXIT_WRONG, EXIT_BAD_INPUT = 0, 1, 2


class OutputFormat(str, Enum):
    """How ``taskgen sample`` prints tasks."""

    text = "text"
    json = "json"
    jsonl = "jsonl"


class PolicyChoice(str, Enum):
    """The reward policies selectable from the command line."""

    binary = "binary"
    saturn = "saturn"
    partial = "partial"


class ContainerChoice(str, Enum):
    """Where the answer is read from in a completion."""

    boxed = "boxed"
    answer = "answer"
    auto = "auto"


def _fail(message: str) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(EXIT_BAD_INPUT)


def _parse_knobs(pairs: list[str] | None) -> dict[str, Any]:
    """Reads ``-p name=value`` pairs; values are JSON where they parse (``8``, ``true``)."""
    knobs: dict[str, Any] = {}
    for pair in pairs or []:
        name, sep, raw = pair.partition("=")
        if not sep or not name.strip():
            _fail(f"knob {pair!r} must look like name=value")
        try:
            knobs[name.strip()] = json.loads(raw)
        except ValueError:
            knobs[name.strip()] = raw
    return knobs


FamilyOpt = Annotated[str, typer.Option("--family", "-f", help="Family name (see `taskgen list`).")]
DifficultyOpt = Annotated[int, typer.Option("--difficulty", "-d", help="Level, usually 1–10.")]
SeedOpt = Annotated[int, typer.Option("--seed", "-s", help="Seed of the (first) task.")]
KnobOpt = Annotated[
    list[str] | None,
    typer.Option("--param", "-p", help="Explicit knob overriding the level, as name=value."),
]


@app.command("list")
def list_families() -> None:
    """Lists the registered families with kind, level range and description."""
    from rich.console import Console
    from rich.table import Table

    import taskgen

    table = Table("family", "kind", "levels", "version", "description")
    for info in taskgen.families():
        table.add_row(
            info.name,
            info.kind,
            f"{info.min_level}–{info.max_level}",
            f"v{info.version}",
            info.description,
        )
    Console().print(table)


@app.command()
def sample(
    family: FamilyOpt,
    difficulty: DifficultyOpt = 1,
    seed: SeedOpt = 0,
    n: Annotated[int, typer.Option("--n", "-n", min=1, help="How many tasks.")] = 1,
    output: Annotated[
        OutputFormat, typer.Option("--format", help="text: prompts; json / jsonl: task records.")
    ] = OutputFormat.text,
    param: KnobOpt = None,
) -> None:
    """Prints sample tasks: item 0 is the task of SEED, later items follow the stream."""
    import taskgen

    knobs = _parse_knobs(param)
    try:
        tasks = list(taskgen.generate(family, n, difficulty, seed, **knobs))
    except taskgen.TaskgenError as exc:
        _fail(str(exc))
    if output is OutputFormat.jsonl:
        for task in tasks:
            typer.echo(task.model_dump_json())
    elif output is OutputFormat.json:
        records = [task.model_dump(mode="json") for task in tasks]
        typer.echo(json.dumps(records[0] if n == 1 else records, indent=2, ensure_ascii=False))
    else:
        for index, task in enumerate(tasks):
            if n > 1:
                typer.echo(f"=== {task.id} (seed {task.seed}, difficulty {task.difficulty}) ===")
            typer.echo(task.prompt)
            if index < n - 1:
                typer.echo("")


def _read_task(path: Path, index: int | None) -> Any:
    import taskgen

    try:
        text = sys.stdin.read() if str(path) == "-" else path.read_text(encoding="utf-8")
    except OSError as exc:
        _fail(f"cannot read task file {str(path)!r}: {exc.strerror or exc}")
    except UnicodeDecodeError:
        _fail(f"task file {str(path)!r} is not UTF-8 text")
    stripped = text.strip()
    if not stripped:
        _fail(f"task file {str(path)!r} is empty")
    records: list[Any]
    try:
        whole = json.loads(stripped)
        records = whole if isinstance(whole, list) else [whole]
    except ValueError:  # JSONL: one task per line
        records = [line for line in stripped.splitlines() if line.strip()]
    if len(records) > 1 and index is None:
        _fail(f"task file holds {len(records)} tasks (JSONL); choose one with --index")
    position = index or 0
    if not 0 <= position < len(records):
        _fail(f"--index must be 0–{len(records) - 1}, got {position}")
    try:
        return taskgen.load_task(records[position])
    except taskgen.TaskgenError as exc:
        where = f" (line {position + 1})" if len(records) > 1 else ""
        _fail(f"{path}{where}: {exc}")


@app.command()
def verify(
    task_file: Annotated[
        Path, typer.Argument(help="Task JSON (or JSONL with --index); - reads stdin.")
    ],
    answer: Annotated[
        str | None, typer.Option("--answer", "-a", help="The completion text.")
    ] = None,
    answer_file: Annotated[
        Path | None, typer.Option("--answer-file", help="Read the completion from a file.")
    ] = None,
    index: Annotated[int | None, typer.Option("--index", "-i", help="Task line in JSONL.")] = None,
    policy: Annotated[PolicyChoice, typer.Option(help="Reward policy.")] = PolicyChoice.binary,
    container: Annotated[
        ContainerChoice, typer.Option(help="Answer container to read.")
    ] = ContainerChoice.boxed,
    as_json: Annotated[bool, typer.Option("--json", help="Print the verdict as JSON.")] = False,
) -> None:
    """Verifies a completion against a task; exit 0 if correct, 1 if not, 2 on bad input.

    The completion comes from --answer, --answer-file, or standard input.
    """
    import taskgen

    if answer is not None and answer_file is not None:
        _fail("give the completion with --answer or --answer-file, not both")
    if str(task_file) == "-" and answer is None and answer_file is None:
        _fail("the task comes from stdin, so give the completion with --answer or --answer-file")
    task = _read_task(task_file, index)
    if answer is not None:
        completion = answer
    elif answer_file is not None:
        try:
            completion = answer_file.read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            _fail(f"cannot read answer file {str(answer_file)!r}: {exc.strerror or exc}")
    else:
        completion = sys.stdin.read()
    verdict = taskgen.verify(task, completion, policy=policy.value, container=container.value)
    if as_json:
        typer.echo(verdict.model_dump_json())
    else:
        status = "correct" if verdict.correct else "wrong"
        typer.echo(f"{status}: {verdict.reason}")
        typer.echo(
            f"reward={verdict.reward:g} score={verdict.score:.4g} format_ok={verdict.format_ok}"
        )
    raise typer.Exit(EXIT_CORRECT if verdict.correct else EXIT_WRONG)


def _write_chunk(args: tuple[str, int, int, dict[str, Any], int, int]) -> list[str]:
    """Worker: returns the JSON lines of items ``start .. start+count-1`` (picklable)."""
    import taskgen

    family, difficulty, seed, knobs, start, count = args
    stream = taskgen.generate(family, count, difficulty, seed, start=start, **knobs)
    return [task.model_dump_json() for task in stream]


def _chunks(
    family: str, difficulty: int, seed: int, knobs: dict[str, Any], n: int, size: int
) -> Iterator[tuple[str, int, int, dict[str, Any], int, int]]:
    for start in range(0, n, size):
        yield family, difficulty, seed, knobs, start, min(size, n - start)


@app.command()
def generate(
    family: FamilyOpt,
    n: Annotated[int, typer.Option("--n", "-n", min=0, help="Number of tasks.")],
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Output .jsonl or .parquet file (- for stdout).")
    ],
    difficulty: DifficultyOpt = 1,
    seed: SeedOpt = 0,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, help="Processes.")] = 1,
    param: KnobOpt = None,
) -> None:
    """Streams N tasks to JSONL (or Parquet for *.parquet): constant memory, the same bytes
    whatever --workers is."""
    import taskgen

    knobs = _parse_knobs(param)
    try:  # validate everything before creating the file or any process
        taskgen.generate(family, n, difficulty, seed, **knobs)
    except taskgen.TaskgenError as exc:
        _fail(str(exc))
    chunk = max(1, min(1000, n // (workers * 8) or 1))
    jobs = _chunks(family, difficulty, seed, knobs, n, chunk)
    to_stdout = str(out) == "-"
    from taskgen.export import open_sink

    try:
        sink = open_sink(out)
    except OSError as exc:
        _fail(f"cannot write {str(out)!r}: {exc.strerror or exc}")
    except ImportError as exc:
        _fail(str(exc))
    from rich.progress import Progress

    with Progress(disable=to_stdout, transient=False) as progress:
        bar = progress.add_task(f"{family} d={difficulty}", total=n)
        try:
            results = map(_write_chunk, jobs) if workers == 1 else _in_pool(jobs, workers)
            for lines in results:
                sink.write_lines(lines)
                progress.advance(bar, len(lines))
        finally:
            sink.close()
    if not to_stdout:
        typer.echo(f"wrote {n} tasks to {out}", err=True)


def _in_pool(jobs: Iterator[Any], workers: int) -> Iterator[list[str]]:
    """Runs chunks in worker processes, in order, with a bounded number in flight."""
    import multiprocessing
    from collections import deque

    with multiprocessing.get_context("spawn").Pool(workers) as pool:
        pending: deque[Any] = deque()
        for job in jobs:
            pending.append(pool.apply_async(_write_chunk, (job,)))
            if len(pending) >= workers * 4:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


@app.command()
def play(
    game: Annotated[str, typer.Argument(help="Game: kuhn_poker, tictactoe or simple_negotiation.")],
    vs: Annotated[
        str,
        typer.Option(
            "--vs", help="Opponent: random, strong (nash, minimax, negotiator) or strength 1-10."
        ),
    ] = "strong",
    seat: Annotated[int, typer.Option("--seat", min=0, max=1, help="Your seat; 0 starts.")] = 0,
    seed: SeedOpt = 0,
    invalid: Annotated[
        str, typer.Option("--invalid", help="Invalid-move policy: textarena, spiral or strict.")
    ] = "textarena",
    param: Annotated[
        list[str] | None,
        typer.Option("--param", "-p", help="Game option as name=value (num_hands=3)."),
    ] = None,
) -> None:
    """Plays a game in the terminal against a scripted opponent, showing what a model sees.

    Each of your turns prints your full observation; type a reply as a model would (the move
    in \\boxed{} or [...]).
    """
    import random

    from taskgen.core.errors import TaskgenError
    from taskgen.envs.games import GameSession
    from taskgen.envs.opponents import make_opponent

    try:
        session = GameSession(game, rng=random.Random(seed), invalid=invalid, **_parse_knobs(param))
        opponent = make_opponent(vs, session.game.name, seed=seed)
    except TaskgenError as exc:
        _fail(str(exc))
    except TypeError as exc:
        _fail(f"bad option for {game}: {exc}")
    while not session.done:
        player = session.current_player
        if player == seat:
            typer.echo(session.observation(seat))
            try:
                reply = typer.prompt("your reply", default="", show_default=False)
            except typer.Abort:
                _fail("input ended before the game did")
            result = session.step(reply)
            if not result.valid:
                typer.echo(f"invalid move: {result.reason}")
        else:
            reply = opponent([(session.observation(player), player, session.game.name)])[0]
            session.step(reply)
            typer.echo(f"Player {player} ({vs}) replied: {reply}\n")
    outcome = session.outcome
    if outcome is None:  # unreachable: the loop ends only when the game has an outcome
        _fail("the game ended without an outcome")
    verdict = (
        "draw" if outcome.winner is None else ("you win" if outcome.winner == seat else "you lose")
    )
    typer.echo(session.observation(seat))
    typer.echo(f"Game over ({verdict}): {outcome.reason}. Your return: {outcome.returns[seat]:+g}")


def main() -> None:
    """Entry point of the ``taskgen`` console script."""
    app()


if __name__ == "__main__":
    main()
