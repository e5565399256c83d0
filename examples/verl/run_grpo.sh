#!/usr/bin/env bash
# GRPO with verl 0.9 on taskgen tasks (a GPU machine; adjust the model and sizes).
#   pip install 'taskgen[verl]' vllm        # verl's own install guide for the GPU stack
#   bash examples/verl/run_grpo.sh
# The reward and the Parquet rows are tested on the CPU in tests/trainers/test_verl_framework.py
# (verl's RLHFDataset, its reward manager via load_reward_manager, its tool registry).
set -euo pipefail
data="${DATA:-$HOME/data/taskgen}"
mkdir -p "$data"
# verl's own schema: data_source, prompt (chat messages), ability, reward_model, extra_info.
# --split writes sudoku.validation.parquet from a disjoint seed stream.
taskgen generate --family sudoku --difficulty 3 -n 20000 --format verl \
    --out "$data/sudoku.parquet" --split 500 --workers 8

python3 -m verl.trainer.main_ppo \
    algorithm.adv_estimator=grpo \
    data.train_files="$data/sudoku.parquet" \
    data.val_files="$data/sudoku.validation.parquet" \
    data.train_batch_size=256 \
    data.max_prompt_length=1024 \
    data.max_response_length=2048 \
    actor_rollout_ref.model.path="${MODEL:-Qwen/Qwen2.5-3B-Instruct}" \
    actor_rollout_ref.rollout.name=vllm \
    actor_rollout_ref.rollout.n=8 \
    reward.custom_reward_function.path=pkg://taskgen.trainers.verl \
    reward.custom_reward_function.name=compute_score \
    +reward.custom_reward_function.reward_kwargs.policy=binary \
    trainer.n_gpus_per_node="${GPUS:-8}" \
    trainer.nnodes=1 \
    trainer.total_epochs=1 \
    trainer.logger='["console"]'
