#!/usr/bin/env bash
# REINFORCE++ with OpenRLHF 0.11 on taskgen tasks (a GPU machine; OpenRLHF's own install guide
# brings vLLM, DeepSpeed and flash-attn). The reward file and the agent are tested on the CPU in
# tests/trainers/test_openrlhf_framework.py through OpenRLHF's own executors.
set -euo pipefail
data="${DATA:-$HOME/data/taskgen}"
mkdir -p "$data"
taskgen generate --family futoshiki --difficulty 4 -n 20000 --format openrlhf \
    --out "$data/futoshiki.jsonl" --split 500 --workers 8
here="$(python3 -m taskgen.trainers.openrlhf)"   # the adapter file: reward_func and AgentExecutor

ray start --head --num-gpus "${GPUS:-8}"
ray job submit --address="http://127.0.0.1:8265" -- python3 -m openrlhf.cli.train_ppo_ray \
    --actor.model_name_or_path "${MODEL:-Qwen/Qwen2.5-3B-Instruct}" \
    --data.prompt_dataset "$data/futoshiki.jsonl" \
    --data.input_key prompt \
    --data.label_key label \
    --data.apply_chat_template \
    --reward.remote_url "$here" \
    --algo.advantage.estimator reinforce_baseline \
    --vllm.num_engines 2
# Multi-turn (feedback after a wrong answer; games against a fixed opponent): replace the
# --reward.remote_url line by  --train.agent_func_path "$here"
