"""The ``taskgen`` command line: list, sample, verify and generate tasks; play a game.

Bad input (an unknown family, a level out of range, a malformed task file, an option typer
rejects) prints one line, ``error: ...``, that says what is valid, and exits with status 2,
never a traceback.

Usage::

    taskgen list
    taskgen sample --family sat --difficulty 5 --seed 0
    taskgen sample --family sat --difficulty 5 -p k=8 --format json > task.json
    taskgen verify task.json --answer '\\boxed{10110}'
    taskgen generate --family sat --difficulty 3 --n 100000 --seed 7 --out sat.jsonl --workers 2
"""

from __future__ import annotations

import inspect
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, cast

import typer
from typer.core import TyperGroup

from taskgen.verifiers.parse import json_kind

if TYPE_CHECKING:
    from contextlib import ExitStack

    from taskgen.core.task import Task
    from taskgen.envs.games import GameSession


def _click_exception() -> type[Exception]:
    """Returns the ``ClickException`` class typer raises (recent typers vendor click)."""
    for cls in typer.BadParameter.__mro__:
        if cls.__name__ == "ClickException":
            return cast(type[Exception], cls)
    return typer.BadParameter  # pragma: no cover  (every click has ClickException)


def _one_line(exc: Exception) -> str:
    """Formats a click usage error as one line naming the command's --help."""
    format_message = getattr(exc, "format_message", None)
    message = str(format_message() if callable(format_message) else exc)
    message = " ".join(message.replace("Value error, ", "").split()).rstrip(".")
    message = message[:1].lower() + message[1:]
    ctx = getattr(exc, "ctx", None)
    path = getattr(ctx, "command_path", "")
    return f"{message} (see '{path} --help')" if path else message


class OneLineErrors(TyperGroup):
    """The command group: option errors checked by typer print one line, not a box.

    Typer (with rich) prints a usage error as a boxed panel under the usage text. Here the
    group runs typer in non-standalone mode and prints ``error: <message> (see '<command>
    --help')`` itself, with click's exit status (2 for usage errors). Help pages, exit
    codes of the commands and everything else are typer's.
    """

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Runs the command line; in standalone mode, exits with the command's status.

        Takes click's ``main`` arguments (``args``, ``prog_name``, ``complete_var``,
        ``standalone_mode``, ...), positionally or by name, whatever the typer version.
        """
        names = ("args", "prog_name", "complete_var", "standalone_mode", "windows_expand_args")
        call = {**dict(zip(names, args, strict=False)), **kwargs}
        if not call.pop("standalone_mode", True):
            return super().main(**call, standalone_mode=False)
        try:
            result = super().main(**call, standalone_mode=False)
        except _click_exception() as exc:
            if type(exc).__name__ != "NoArgsIsHelpError":  # that one has printed the help
                typer.echo(f"error: {_one_line(exc)}", err=True)
            elif exc.args and str(exc.args[0]).strip():  # help text not printed yet (no rich)
                typer.echo(str(exc.args[0]), err=True)
            sys.exit(int(getattr(exc, "exit_code", EXIT_BAD_INPUT)))
        except typer.Abort:
            typer.echo("error: aborted", err=True)
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)


app = typer.Typer(
    name="taskgen",
    help="Verifiable reasoning tasks for reinforcement learning of language models.",
    cls=OneLineErrors,
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
    typer.Option(
        "--param",
        "-p",
        help="Explicit knob overriding the level, as name=value (any knob, n too: -p n=4).",
    ),
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
    n: Annotated[int, typer.Option("--n", "--count", "-n", min=1, help="How many tasks.")] = 1,
    output: Annotated[
        OutputFormat, typer.Option("--format", help="text: prompts; json / jsonl: task records.")
    ] = OutputFormat.text,
    param: KnobOpt = None,
) -> None:
    """Prints sample tasks: item 0 is the task of SEED, later items follow the stream.

    Tasks are printed as they are drawn, so the first appears at once whatever --n is.
    """
    import taskgen

    knobs = _parse_knobs(param)
    try:
        stream = taskgen.generate(family, n, difficulty, seed, **knobs)
        for line in _sample_lines(stream, n, output):
            typer.echo(line)
    except taskgen.TaskgenError as exc:
        _fail(str(exc))


def _sample_lines(tasks: Iterable[Task], n: int, output: OutputFormat) -> Iterator[str]:
    """Yields the printed lines of ``sample``, one task at a time.

    ``--format json`` prints one object, or (n > 1) the same bytes as ``json.dumps`` of the
    whole list with ``indent=2``, written item by item.
    """
    if output is OutputFormat.jsonl:
        yield from (task.model_dump_json() for task in tasks)
        return
    if output is OutputFormat.json:
        if n == 1:
            yield from (_json_text(task) for task in tasks)
            return
        yield "["
        for index, task in enumerate(tasks):
            body = "\n".join("  " + line for line in _json_text(task).splitlines())
            yield body + ("," if index < n - 1 else "")
        yield "]"
        return
    for index, task in enumerate(tasks):
        if n > 1:
            yield f"=== {task.id} (seed {task.seed}, difficulty {task.difficulty}) ==="
        yield task.prompt
        if index < n - 1:
            yield ""


def _json_text(task: Task) -> str:
    return json.dumps(task.model_dump(mode="json"), indent=2, ensure_ascii=False)


def _task_records(name: str, text: str) -> tuple[list[Any], str]:
    """Splits a task file into records, and names what holds them ("item" or "line").

    A file is one JSON task, a JSON list of tasks, or JSONL (one task per line). Anything
    else fails with what the file actually holds.
    """
    stripped = text.strip()
    if not stripped:
        _fail(f"task file {name!r} is empty")
    try:
        whole = json.loads(stripped)
    except RecursionError:
        _fail(f"task file {name!r} nests too deeply to be a task")
    except ValueError:  # not one JSON text: JSONL, one task per line (or not JSON at all)
        return [line for line in stripped.splitlines() if line.strip()], "line"
    if isinstance(whole, dict):
        return [whole], "item"
    if not isinstance(whole, list):
        _fail(f"task file {name!r} holds {json_kind(whole)}, not a task (a JSON object)")
    if not whole:
        _fail(f"task file {name!r} holds an empty JSON list, not a task")
    for position, record in enumerate(whole):
        if not isinstance(record, dict):
            _fail(
                f"task file {name!r} holds a JSON list whose item {position} is "
                f"{json_kind(record)}, not a task (a JSON object)"
            )
    return whole, "item"


def _read_task(path: Path, index: int | None) -> Task:
    import taskgen

    name = str(path)
    try:
        text = sys.stdin.read() if name == "-" else path.read_text(encoding="utf-8")
    except OSError as exc:
        _fail(f"cannot read task file {name!r}: {exc.strerror or exc}")
    except UnicodeDecodeError:
        _fail(f"task file {name!r} is not UTF-8 text")
    records, unit = _task_records(name, text)
    holder = "JSONL" if unit == "line" else "a JSON list"
    if len(records) > 1 and index is None:
        _fail(
            f"task file {name!r} holds {len(records)} tasks ({holder}); choose one with "
            f"--index 0–{len(records) - 1}"
        )
    position = index or 0
    if not 0 <= position < len(records):
        _fail(f"--index must be 0–{len(records) - 1}, got {position}")
    where = f" ({unit} {position + 1 if unit == 'line' else position})" if len(records) > 1 else ""
    try:
        return taskgen.check_integrity(records[position])
    except taskgen.TaskgenError as exc:
        _fail(f"{name}{where}: {exc}")
    except RecursionError:
        _fail(f"{name}{where}: the task nests too deeply")


def _read_completion(answer: str | None, answer_file: Path | None) -> str:
    """Returns the completion from --answer, --answer-file or piped standard input."""
    if answer is not None:
        return answer
    if answer_file is not None:
        try:
            return answer_file.read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            _fail(f"cannot read answer file {str(answer_file)!r}: {exc.strerror or exc}")
    if sys.stdin.isatty():
        _fail(
            "no completion given: pass --answer TEXT or --answer-file PATH, "
            "or pipe it in (taskgen verify task.json < reply.txt)"
        )
    return sys.stdin.read()


def _printable(text: str) -> str:
    """Returns ``text`` with lone surrogates escaped, so any terminal can print it."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


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
    index: Annotated[
        int | None, typer.Option("--index", "-i", help="Which task of a JSONL file or list.")
    ] = None,
    policy: Annotated[PolicyChoice, typer.Option(help="Reward policy.")] = PolicyChoice.binary,
    container: Annotated[
        ContainerChoice, typer.Option(help="Answer container to read.")
    ] = ContainerChoice.boxed,
    as_json: Annotated[bool, typer.Option("--json", help="Print the verdict as JSON.")] = False,
) -> None:
    """Verifies a completion against a task; exit 0 if correct, 1 if not, 2 on bad input.

    The completion comes from --answer, --answer-file, or standard input (piped: on a
    terminal, with neither option, the command stops with a hint instead of waiting).
    """
    import taskgen

    if answer is not None and answer_file is not None:
        _fail("give the completion with --answer or --answer-file, not both")
    if str(task_file) == "-" and answer is None and answer_file is None:
        _fail("the task comes from stdin, so give the completion with --answer or --answer-file")
    task = _read_task(task_file, index)
    completion = _read_completion(answer, answer_file)
    verdict = taskgen.verify(task, completion, policy=policy.value, container=container.value)
    if as_json:
        try:
            typer.echo(verdict.model_dump_json())
        except ValueError:  # a lone surrogate quoted from the completion: escape it
            record = verdict.model_dump(mode="python")
            typer.echo(json.dumps(record, separators=(",", ":")))
    else:
        status = "correct" if verdict.correct else "wrong"
        typer.echo(_printable(f"{status}: {verdict.reason}"))
        typer.echo(
            f"reward={verdict.reward:g} score={verdict.score:.4g} format_ok={verdict.format_ok}"
        )
    raise typer.Exit(EXIT_CORRECT if verdict.correct else EXIT_WRONG)


ChunkJob = tuple[str, int, int, dict[str, Any], int, int]
"""One chunk of ``generate``: family, difficulty, seed, knobs, first index, count."""


class Backend(str, Enum):
    """Where ``taskgen generate`` runs its chunks."""

    local = "local"
    ray = "ray"


def _write_chunk(args: ChunkJob) -> list[str]:
    """Worker (a process or a Ray task): returns the JSON lines of items
    ``start .. start+count-1`` (picklable by reference)."""
    import taskgen

    family, difficulty, seed, knobs, start, count = args
    stream = taskgen.generate(family, count, difficulty, seed, start=start, **knobs)
    return [task.model_dump_json() for task in stream]


def _chunks(
    family: str, difficulty: int, seed: int, knobs: dict[str, Any], n: int, size: int
) -> Iterator[ChunkJob]:
    """Cuts items ``0 .. n-1`` into jobs of ``size`` items (the last may be shorter)."""
    for start in range(0, n, size):
        yield family, difficulty, seed, knobs, start, min(size, n - start)


OUTPUT_SUFFIXES = {".jsonl": "JSON lines", ".parquet": "Parquet"}
"""What ``taskgen generate --out`` can write, by file suffix (``-`` is JSONL on stdout)."""


def _check_output_path(out: Path) -> None:
    """Refuses an output path whose suffix names no format ``generate`` writes."""
    if str(out) == "-" or out.suffix in OUTPUT_SUFFIXES:
        return
    valid = ", ".join(f"{suffix} ({kind})" for suffix, kind in OUTPUT_SUFFIXES.items())
    shown = f"suffix {out.suffix!r}" if out.suffix else "no suffix"
    _fail(f"--out {str(out)!r} has {shown}; use {valid}, or - for JSON lines on stdout")


@app.command()
def generate(
    family: FamilyOpt,
    n: Annotated[int, typer.Option("--n", "--count", "-n", min=0, help="Number of tasks.")],
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Output .jsonl or .parquet file (- for stdout).")
    ],
    difficulty: DifficultyOpt = 1,
    seed: SeedOpt = 0,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, help="Processes.")] = 1,
    param: KnobOpt = None,
    format: Annotated[
        str,
        typer.Option(
            "--format", help="tasks (task records), or a trainer's rows: trl, verl, openrlhf."
        ),
    ] = "tasks",
    split: Annotated[
        int,
        typer.Option(
            "--split",
            min=0,
            help="Also write this many validation tasks, from a disjoint seed stream, to "
            "<out stem>.validation<suffix>.",
        ),
    ] = 0,
    backend: Annotated[
        Backend,
        typer.Option(
            "--backend",
            help="local: worker processes on this machine; ray: chunks as Ray tasks, on a "
            "private local Ray or the cluster of --ray-address (extra ray).",
        ),
    ] = Backend.local,
    ray_address: Annotated[
        str | None,
        typer.Option(
            "--ray-address",
            help="Ray cluster for --backend ray: host:port of the head, auto, or "
            "ray://host:10001. Default: $RAY_ADDRESS, else a local Ray with --workers CPUs.",
        ),
    ] = None,
) -> None:
    """Streams N tasks to JSONL (or Parquet for *.parquet): constant memory, the same bytes
    whatever --workers or --backend is. --format writes a trainer's own rows; --split adds a
    validation file that shares no task with the training file. With --backend ray, chunks
    run as Ray tasks (at most --workers at once) and this process writes the files."""
    import taskgen
    from taskgen.export import FORMATS

    knobs = _parse_knobs(param)
    _check_output_path(out)
    if format not in FORMATS:
        _fail(f"--format {format!r} is not one of {', '.join(FORMATS)}")
    if split and str(out) == "-":
        _fail("--split writes a second file; give --out a file name, not -")
    if ray_address is not None and backend is not Backend.ray:
        _fail("--ray-address is for --backend ray; add --backend ray or drop --ray-address")
    try:  # validate everything before creating the file or any process
        taskgen.generate(family, n, difficulty, seed, **knobs)
    except taskgen.TaskgenError as exc:
        _fail(str(exc))
    chunk = max(1, min(1000, n // (workers * 8) or 1))
    jobs = _chunks(family, difficulty, seed, knobs, n, chunk)
    to_stdout = str(out) == "-"
    keys: set[str] = set()
    from contextlib import ExitStack

    from rich.progress import Progress

    with ExitStack() as stack:
        run = _chunk_runner(backend, workers, ray_address, stack)  # Ray joined before the file
        sink = _open(out, format, "train")
        with Progress(disable=to_stdout, transient=False) as progress:
            bar = progress.add_task(f"{family} d={difficulty}", total=n)
            try:
                for lines in run(jobs):
                    sink.write_lines(lines)
                    if split:
                        keys.update(_content_keys(lines))
                    progress.advance(bar, len(lines))
            except taskgen.TaskgenError as exc:  # the Ray backend's one-line failures
                _fail(str(exc))
            finally:
                sink.close()
    if not to_stdout:
        typer.echo(f"wrote {n} {_what(format)} to {out}", err=True)
    if split:
        _write_validation(family, difficulty, seed, knobs, split, out, format, keys)


def _what(format: str) -> str:
    return "tasks" if format == "tasks" else f"{format} rows"


def _open(out: Path, format: str, split: str) -> Any:
    from taskgen.export import open_sink

    try:
        return open_sink(out, format, split=split)
    except OSError as exc:
        _fail(f"cannot write {str(out)!r}: {exc.strerror or exc}")
    except ImportError as exc:
        _fail(str(exc))


def _content_keys(lines: list[str]) -> list[str]:
    import taskgen
    from taskgen.export import content_key

    return [content_key(taskgen.load_task(line)) for line in lines]


def _write_validation(
    family: str,
    difficulty: int,
    seed: int,
    knobs: dict[str, Any],
    count: int,
    out: Path,
    format: str,
    train_keys: set[str],
) -> None:
    """Writes ``count`` validation tasks from the validation stream, skipping any puzzle
    that is also in the training file (same family, knobs and instance)."""
    import taskgen
    from taskgen.export import content_key, validation_seed

    path = out.with_name(f"{out.stem}.validation{out.suffix}")
    sink = _open(path, format, "validation")
    written = skipped = 0
    seen: set[str] = set()
    stream = taskgen.generate(family, None, difficulty, validation_seed(seed), **knobs)
    try:
        for task in stream:
            key = content_key(task)
            if key in train_keys or key in seen:
                skipped += 1
                if skipped > 100 * count + 1000:
                    _fail(
                        f"found only {written} of {count} validation tasks unlike the "
                        f"{len(train_keys)} distinct training ones after {skipped} draws: "
                        "these knobs make few distinct puzzles (try a higher level)"
                    )
                continue
            seen.add(key)
            sink.write_lines([task.model_dump_json()])
            written += 1
            if written == count:
                break
    finally:
        sink.close()
    note = f" ({skipped} skipped: the same puzzle is in the training file)" if skipped else ""
    typer.echo(f"wrote {written} validation {_what(format)} to {path}{note}", err=True)


def _chunk_runner(
    backend: Backend, workers: int, ray_address: str | None, stack: ExitStack
) -> Callable[[Iterator[ChunkJob]], Iterator[list[str]]]:
    """Returns what turns chunk jobs into their JSON lines, in order, on ``backend``.

    The Ray backend is entered on ``stack`` (joined or started now, left when the stack
    closes); a missing Ray or an unreachable cluster fails here, before any file is made.
    """
    if backend is Backend.local:
        if workers == 1:
            return lambda jobs: map(_write_chunk, jobs)
        return lambda jobs: _in_pool(jobs, workers)
    from taskgen.distributed import RayBackend, RayBackendError

    try:
        ray = stack.enter_context(RayBackend[ChunkJob, list[str]](workers, ray_address))
    except RayBackendError as exc:
        _fail(str(exc))
    return lambda jobs: ray.map(_write_chunk, jobs)


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
    in \\boxed{} or [...]), or just the move itself (check, 4, Accept).
    """
    import random

    from taskgen.core.errors import TaskgenError
    from taskgen.envs.games import GameSession
    from taskgen.envs.opponents import make_opponent

    options = _parse_knobs(param)
    _check_game_options(game, options)
    try:
        session = GameSession(game, rng=random.Random(seed), invalid=invalid, **options)
        opponent = make_opponent(vs, session.game.name, seed=seed)
    except TaskgenError as exc:
        _fail(str(exc))
    except TypeError as exc:  # a game whose constructor rejects a value's type
        _fail(f"bad option for {game}: {exc}")
    while not session.done:
        player = session.current_player
        if player == seat:
            typer.echo(session.observation(seat))
            try:
                reply = typer.prompt("your reply", default="", show_default=False)
            except typer.Abort:
                _fail("input ended before the game did")
            result = session.step(_plain_move(session, reply))
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


def _check_game_options(game: str, options: dict[str, Any]) -> None:
    """Fails with the valid names when ``game`` or one of its options is unknown."""
    from taskgen.core.registry import suggest
    from taskgen.tasks.games import GAMES

    if game not in GAMES:
        known = sorted(GAMES)
        close = suggest(game, known)
        hint = f"; did you mean {close!r}? Games" if close else "; games"
        _fail(f"unknown game {game!r}{hint}: {', '.join(known)}")
    parameters = inspect.signature(GAMES[game]).parameters.values()
    valid = sorted(
        p.name for p in parameters if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
    )
    unknown = sorted(set(options) - set(valid))
    if unknown:
        takes = f"valid options: {', '.join(valid)}" if valid else "it takes no options"
        _fail(f"unknown option {unknown[0]!r} for {game}; {takes}")


def _plain_move(session: GameSession, reply: str) -> str:
    """Returns the reply, with a bare move (``check``, ``4``) put in brackets.

    A person types the move itself; a model's protocol wants it in ``\\boxed{}`` or
    ``[...]``. A reply without either that the game reads as a move (legal now or not, so
    the game can say why not) becomes ``[move]``; anything else is passed on unchanged
    (free talk in Simple Negotiation stays talk).
    """
    from taskgen.tasks.games import Illegal, read_move

    text = reply.strip()
    if not text or read_move(reply) is not None:
        return reply
    move = session.game.parse_move(session.state, text)
    if isinstance(move, Illegal) and move.malformed:
        return reply
    return f"[{text}]"


# -- commands whose code lives in their own modules (each imports its stack lazily) ------------
from taskgen.evaluate import eval_command  # noqa: E402
from taskgen.serve import serve_command  # noqa: E402

app.command("serve")(serve_command)
app.command("eval")(eval_command)


def main() -> None:
    """Entry point of the ``taskgen`` console script."""
    app()


if __name__ == "__main__":
    main()
