"""The command line: output, exit codes and one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import taskgen
from taskgen.cli import OUTPUT_SUFFIXES, app
from taskgen.core import registry

runner = CliRunner()


def _run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_list_shows_families() -> None:
    code, out, _ = _run("list")
    assert code == 0 and "sat" in out and "1–10" in out


def test_sample_text_prints_the_prompt() -> None:
    code, out, _ = _run("sample", "--family", "sat", "--difficulty", "5")
    assert code == 0
    assert out.strip() == taskgen.sample("sat", 5, 0).prompt


def test_sample_jsonl_is_the_stream() -> None:
    code, out, _ = _run(
        "sample", "-f", "sat", "-d", "3", "--seed", "4", "--n", "3", "--format", "jsonl"
    )
    assert code == 0
    lines = out.strip().splitlines()
    assert [taskgen.load_task(line) for line in lines] == list(taskgen.generate("sat", 3, 3, 4))


def test_sample_with_knobs() -> None:
    code, out, _ = _run(
        "sample", "-f", "sat", "-d", "2", "-p", "k=9", "-p", "unique=true", "--format", "json"
    )
    assert code == 0
    task = taskgen.load_task(out)
    assert task.params["k"] == 9 and task.params["unique"] is True


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["sample", "-f", "sudokku"], "unknown family 'sudokku'; did you mean 'sudoku'? Known: "),
        (["sample", "-f", "zzzz"], "unknown family 'zzzz'; known: "),
        (["sample", "-f", "sat", "-d", "12"], "difficulty must be 1–10, got 12"),
        (["sample", "-f", "sat", "-p", "k"], "must look like name=value"),
        (["sample", "-f", "sat", "-p", "zz=1"], "unknown knob 'zz'"),
        (["generate", "-f", "sat", "-n", "2", "-o", "-", "-d", "0"], "difficulty must be"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args: list[str], fragment: str) -> None:
    code, out, err = _run(*args)
    assert code == 2
    assert fragment in err
    assert "Traceback" not in err + out
    assert len(err.strip().splitlines()) == 1


def _task_file(tmp_path: Path) -> tuple[Path, taskgen.Task]:
    task = taskgen.sample("sat", 4, 2)
    path = tmp_path / "task.json"
    path.write_text(task.model_dump_json())
    return path, task


def test_verify_exit_codes(tmp_path: Path) -> None:
    path, task = _task_file(tmp_path)
    code, out, _ = _run("verify", str(path), "--answer", "\\boxed{" + task.answer + "}")
    assert code == 0 and out.startswith("correct")
    code, out, _ = _run("verify", str(path), "--answer", "nothing here", "--policy", "saturn")
    assert code == 1 and "reward=-1" in out


def test_verify_reads_stdin_and_answer_files(tmp_path: Path) -> None:
    path, task = _task_file(tmp_path)
    code, _, _ = _run("verify", str(path), stdin="\\boxed{" + task.answer + "}")
    assert code == 0
    answer = tmp_path / "answer.txt"
    answer.write_text("<answer>" + task.answer + "</answer>")
    code, out, _ = _run(
        "verify", str(path), "--answer-file", str(answer), "--container", "answer", "--json"
    )
    assert code == 0 and json.loads(out)["correct"] is True


def test_verify_jsonl_needs_an_index(tmp_path: Path) -> None:
    tasks = list(taskgen.generate("sat", 3, 2, 0))
    path = tmp_path / "tasks.jsonl"
    path.write_text("".join(t.model_dump_json() + "\n" for t in tasks))
    code, _, err = _run("verify", str(path), "--answer", "x")
    assert code == 2 and "--index" in err
    code, _, _ = _run(
        "verify", str(path), "-i", "2", "--answer", "\\boxed{" + tasks[2].answer + "}"
    )
    assert code == 0


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("", "is empty"),
        ("{not json", "not JSON"),
        ('{"family": "sat"}', "field"),
        ("[1, 2]", "holds a JSON list whose item 0 is a number, not a task (a JSON object)"),
        ('[{"family": "sat"}, "x"]', "item 1 is a string, not a task"),
        ("[]", "holds an empty JSON list"),
        ("7", "holds a number, not a task"),
        ("null", "holds null, not a task"),
        ("[" * 100_000 + "]" * 100_000, "nests too deeply"),
    ],
)
def test_verify_malformed_task_file(tmp_path: Path, content: str, fragment: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content)
    code, out, err = _run("verify", str(path), "--answer", "\\boxed{1}")
    assert code == 2 and fragment in err and "Traceback" not in err + out
    assert "JSONL" not in err and len(err.strip().splitlines()) == 1


def test_verify_missing_file(tmp_path: Path) -> None:
    code, _, err = _run("verify", str(tmp_path / "absent.json"), "--answer", "x")
    assert code == 2 and "cannot read task file" in err


def test_generate_same_bytes_whatever_the_workers(tmp_path: Path) -> None:
    outputs = []
    for workers in ("1", "2"):
        out = tmp_path / f"w{workers}.jsonl"
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "taskgen.cli",
                "generate",
                "-f",
                "sat",
                "-d",
                "3",
                "-n",
                "250",
                "-s",
                "7",
                "-o",
                str(out),
                "-w",
                workers,
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    lines = outputs[0].decode().splitlines()
    assert len(lines) == 250
    assert taskgen.load_task(lines[249]) == list(taskgen.generate("sat", 250, 3, 7))[249]


# -- option errors typer checks are one line too ------------------------------------------------


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["sample", "-f", "sat", "--policy", "nope"], "no such option: --policy"),
        (["verify", "t.json", "--policy", "nope"], "invalid value for '--policy'"),
        (["sample", "-f", "sat", "-d", "abc"], "invalid value for '--difficulty' / '-d'"),
        (["sample", "-f", "sat", "--format", "xml"], "'xml' is not one of 'text', 'json'"),
        (["sample", "-f", "sat", "--n", "0"], "invalid value for '--n'"),
        (["sample"], "missing option '--family'"),
        (["play", "tictactoe", "--seat", "4"], "invalid value for '--seat'"),
        (["shuffle"], "no such command 'shuffle'"),
    ],
)
def test_option_errors_checked_by_typer_are_one_line(args: list[str], fragment: str) -> None:
    code, out, err = _run(*args)
    assert code == 2, err
    assert err.startswith("error: ") and fragment in err
    assert len(err.strip().splitlines()) == 1 and "╭" not in err and out == ""
    assert f"(see 'taskgen {args[0]} --help')" in err or "'taskgen --help'" in err


def test_help_and_bare_command_still_show_the_help() -> None:
    code, out, _ = _run("sample", "--help")
    assert code == 0 and "--family" in out
    code, out, _ = _run()
    assert code == 2 and "sample" in out and "verify" in out


def test_family_names_get_a_suggestion_whatever_the_case() -> None:
    code, _, err = _run("sample", "--family", "SAT")
    assert code == 2 and "unknown family 'SAT'; did you mean 'sat'? Known: " in err
    code, _, err = _run("sample", "--family", "Number-Wall")
    assert code == 2 and "did you mean 'number_wall'?" in err


# -- every knob from the command line, n included -----------------------------------------------

N_FAMILIES = sorted(
    name for name in registry.names() if "n" in registry.get(name).Knobs.model_fields
)


def _another_valid_n(family: str) -> int:
    """An ``n`` that the family accepts at level 1 and that is not that level's own."""
    own = registry.get(family).resolve_knobs(1).model_dump()["n"]
    for candidate in (own + 1, own - 1, own + 2, own - 2):
        try:
            taskgen.sample(family, 1, 0, n=candidate)
        except taskgen.TaskgenError:
            continue
        return int(candidate)
    raise AssertionError(f"no other valid n for {family}")


def test_the_registry_has_families_with_a_knob_called_n() -> None:
    assert "sat" in N_FAMILIES


@pytest.mark.parametrize("family", N_FAMILIES, ids=N_FAMILIES)
def test_a_knob_called_n_is_settable_from_the_command_line(family: str) -> None:
    value = _another_valid_n(family)
    code, out, err = _run("sample", "-f", family, "-p", f"n={value}", "--format", "json")
    assert code == 0, err
    task = taskgen.load_task(out)
    assert task.params["n"] == value and task == taskgen.sample(family, 1, 0, n=value)
    code, out, err = _run(
        "sample", "-f", family, "-p", f"n={value}", "--n", "2", "--format", "jsonl"
    )
    assert code == 0, err
    assert [taskgen.load_task(line).params["n"] for line in out.splitlines()] == [value] * 2
    code, out, err = _run("generate", "-f", family, "-p", f"n={value}", "--count", "2", "-o", "-")
    assert code == 0, err
    tasks = [taskgen.load_task(line) for line in out.splitlines()]
    assert tasks == list(taskgen.generate(family, 2, 1, 0, n=value))


# -- sample streams --------------------------------------------------------------------------------


def test_sample_prints_each_task_as_it_is_drawn(monkeypatch: pytest.MonkeyPatch) -> None:
    real = taskgen.generate

    def two_then_stuck(*args: Any, **kwargs: Any) -> Iterator[taskgen.Task]:
        stream = real(*args, **kwargs)
        yield next(stream)
        yield next(stream)
        raise RuntimeError("the rest of the 100000 tasks")

    monkeypatch.setattr(taskgen, "generate", two_then_stuck)
    for output in ("jsonl", "text", "json"):
        result = runner.invoke(app, ["sample", "-f", "sat", "--n", "100000", "--format", output])
        assert isinstance(result.exception, RuntimeError)
        assert result.stdout.count("sat-v") >= 2  # both tasks were out before the third


def test_sample_json_list_is_the_same_bytes_as_before_streaming() -> None:
    code, out, _ = _run("sample", "-f", "sat", "-d", "2", "--count", "3", "--format", "json")
    records = [t.model_dump(mode="json") for t in taskgen.generate("sat", 3, 2, 0)]
    assert code == 0 and out == json.dumps(records, indent=2, ensure_ascii=False) + "\n"
    code, out, _ = _run("sample", "-f", "sat", "--format", "json")
    assert json.loads(out) == taskgen.sample("sat").model_dump(mode="json")


# -- output files ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["x.csv", "x.json", "x.JSONL", "x"])
def test_generate_refuses_an_output_it_cannot_write(tmp_path: Path, name: str) -> None:
    target = tmp_path / name
    code, _, err = _run("generate", "-f", "sat", "-n", "2", "-o", str(target))
    assert code == 2 and ".jsonl" in err and ".parquet" in err and "- for" in err
    assert len(err.strip().splitlines()) == 1 and not target.exists()
    assert set(OUTPUT_SUFFIXES) == {".jsonl", ".parquet"}


def test_a_json_list_of_tasks_is_called_one(tmp_path: Path) -> None:
    tasks = list(taskgen.generate("sat", 2, 2, 0))
    path = tmp_path / "tasks.json"
    path.write_text(json.dumps([t.model_dump(mode="json") for t in tasks]))
    code, _, err = _run("verify", str(path), "--answer", "x")
    assert code == 2 and "holds 2 tasks (a JSON list); choose one with --index 0–1" in err
    code, _, _ = _run("verify", str(path), "-i", "1", "-a", "\\boxed{" + tasks[1].answer + "}")
    assert code == 0


# -- verify on a terminal --------------------------------------------------------------------------


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_verify_on_a_terminal_without_an_answer_says_how(tmp_path: Path) -> None:
    import pty

    path, _ = _task_file(tmp_path)
    parent, child = pty.openpty()
    try:
        result = subprocess.run(
            [sys.executable, "-m", "taskgen.cli", "verify", str(path)],
            stdin=child,
            capture_output=True,
            text=True,
            timeout=60,  # the old command waited here for input forever
            check=False,
        )
    finally:
        os.close(parent)
        os.close(child)
    assert result.returncode == 2
    assert result.stderr.startswith("error: no completion given")
    assert "--answer" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_verify_prints_any_completion(tmp_path: Path) -> None:
    path, _ = _task_file(tmp_path)
    for flag in ([], ["--json"]):
        code, out, err = _run("verify", str(path), "-a", "\\boxed{\udcff}", *flag)
        assert code == 1 and "Traceback" not in out + err


# -- packaging -------------------------------------------------------------------------------------


def test_the_declared_license_ships_as_a_file() -> None:
    root = Path(__file__).resolve().parents[1]
    declared = (root / "pyproject.toml").read_text(encoding="utf-8")
    assert 'license = { text = "Apache-2.0" }' in declared
    text = (root / "LICENSE").read_text(encoding="utf-8")
    assert "Apache License" in text and "Version 2.0, January 2004" in text
    assert "END OF TERMS AND CONDITIONS" in text and "taskgen authors" in text


def test_verify_refuses_an_edited_task_file(tmp_path: Path) -> None:
    task = taskgen.sample("sudoku", 1, 0)
    record = json.loads(task.model_dump_json())
    puzzle = record["instance"]["puzzle"]
    r, c = next((r, c) for r, row in enumerate(puzzle) for c, v in enumerate(row) if v == 0)
    puzzle[r][c] = 1 if json.loads(task.answer)[r][c] != 1 else 2  # a given that contradicts
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    code, _, err = _run("verify", str(path), "--answer", "\\boxed{" + task.answer + "}")
    assert code == 2 and "does not match its content" in err and len(err.strip().splitlines()) == 1
