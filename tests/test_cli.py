"""The command line: output, exit codes and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import taskgen
from taskgen.cli import app

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
    ],
)
def test_verify_malformed_task_file(tmp_path: Path, content: str, fragment: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content)
    code, out, err = _run("verify", str(path), "--answer", "\\boxed{1}")
    assert code == 2 and fragment in err and "Traceback" not in err + out


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
