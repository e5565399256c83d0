"""GRPO on taskgen tasks with TRL, on the CPU, with nothing from a hub.

    pip install 'taskgen[trl]'        # TRL, transformers, datasets, accelerate, torch
    python examples/trl_grpo_cpu.py --steps 4

A tokenizer is trained here on task prompts (``tokenizers``), a two-layer Llama is built
from a config with random weights, and TRL's own ``GRPOTrainer`` trains it on an endless
dataset that a curriculum chooses (``curriculum_dataset``), scored by ``TrlReward``, which
feeds the results back to the curriculum and logs ``taskgen/accuracy`` and
``taskgen/format_ok``. The model is far too small to solve anything: the point is the
plumbing, in the trainer's own code path. Run with ``--environment`` to roll out through
``environment_factory=TaskEnvironment`` instead of a reward function.

Printed: the steps run, the rewards and rates TRL logged, and how many tasks the curriculum
handed out and heard back.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path
from typing import Any

import taskgen
from taskgen.curricula import TargetBand
from taskgen.trainers import CurriculumFeed
from taskgen.trainers.trl import TaskEnvironment, TrlReward, curriculum_dataset, trl_row

SPECIAL = ["<|endoftext|>", "<|im_start|>", "<|im_end|>", "<tool_call>", "</tool_call>"]


def build_tokenizer(texts: list[str], directory: Path, *, tools: bool = False) -> Any:
    """Trains a small byte-level BPE tokenizer on ``texts`` and gives it a chat template."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    tokenizer = Tokenizer(models.BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=600,
        special_tokens=SPECIAL,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
    )
    tokenizer.train_from_iterator(texts, trainer)
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tokenizer,
        eos_token="<|im_end|>",
        pad_token="<|endoftext|>",
        padding_side="left",
    )
    if tools:  # TRL's tool loop needs a template that renders tool calls and parses replies
        import trl

        template = Path(trl.__file__).parent / "chat_templates" / "qwen3.jinja"
        fast.chat_template = template.read_text()
        from trl.chat_template_utils import add_response_schema

        fast = add_response_schema(fast)
    else:
        fast.chat_template = (
            "{% for m in messages %}<|im_start|>{{ m['role'] }}\n{{ m['content'] }}<|im_end|>\n"
            "{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
        )
    fast.save_pretrained(directory)
    return fast


def build_model(tokenizer: Any) -> Any:
    """A two-layer Llama with random weights (a few hundred thousand parameters)."""
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM

    torch.manual_seed(0)
    config = LlamaConfig(
        vocab_size=len(tokenizer),
        hidden_size=32,
        intermediate_size=64,
        num_hidden_layers=2,
        num_attention_heads=2,
        num_key_value_heads=2,
        max_position_embeddings=4096,
        pad_token_id=tokenizer.pad_token_id,
        eos_token_id=tokenizer.eos_token_id,
        bos_token_id=tokenizer.eos_token_id,
    )
    return LlamaForCausalLM(config)


def run(
    steps: int = 4,
    *,
    environment: bool = False,
    shuffle_dataset: bool = False,
    output_dir: str | None = None,
) -> dict[str, Any]:
    """Trains for ``steps`` GRPO steps; returns what TRL logged and the curriculum's counts."""
    from trl import GRPOConfig, GRPOTrainer

    band = TargetBand(["sat", "sudoku"], window=8, start=1, seed=0)
    feed = CurriculumFeed(band, batch_size=4)
    texts = [t.prompt for t in taskgen.generate("sat", 20, 1)]
    texts += [t.prompt for t in taskgen.generate("sudoku", 20, 1)]
    work = Path(output_dir or tempfile.mkdtemp(prefix="taskgen-grpo-"))
    tokenizer = build_tokenizer(texts, work / "tokenizer", tools=environment)
    model = build_model(tokenizer)
    args = GRPOConfig(
        output_dir=str(work / "out"),
        max_steps=steps,
        per_device_train_batch_size=4,
        num_generations=4,
        max_completion_length=16,
        learning_rate=1e-3,
        logging_steps=1,
        report_to="none",
        save_strategy="no",
        use_cpu=True,
        shuffle_dataset=shuffle_dataset,
        seed=0,
    )
    if environment:
        from datasets import Dataset

        rows = [trl_row(task) for task in band.next_tasks(8)]
        trainer = GRPOTrainer(
            model=model,
            args=args,
            train_dataset=Dataset.from_list(rows),
            processing_class=tokenizer,
            environment_factory=TaskEnvironment,
        )
    else:
        trainer = GRPOTrainer(
            model=model,
            reward_funcs=TrlReward(feed),
            args=args,
            train_dataset=curriculum_dataset(feed),
            processing_class=tokenizer,
        )
    trainer.train()
    logs = [entry for entry in trainer.state.log_history if "reward" in entry]
    return {
        "steps": trainer.state.global_step,
        "logs": logs,
        "issued": feed.issued,
        "answered": feed.answered,
        "levels": band.levels(),
        "versions": _versions(),
    }


def _versions() -> dict[str, str]:
    import torch
    import transformers
    import trl

    return {
        "trl": trl.__version__,
        "transformers": transformers.__version__,
        "torch": torch.__version__,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--steps", type=int, default=4)
    parser.add_argument("--environment", action="store_true")
    args = parser.parse_args()
    result = run(args.steps, environment=args.environment)
    for entry in result["logs"]:
        keys = [k for k in entry if k.startswith(("reward", "taskgen", "rewards/"))]
        print(json.dumps({"step": entry.get("step"), **{k: entry[k] for k in sorted(keys)}}))
    print(
        f"steps: {result['steps']}; curriculum handed out {result['issued']} tasks and heard "
        f"back {result['answered']}; levels {result['levels']}; versions {result['versions']}"
    )


if __name__ == "__main__":
    main()
