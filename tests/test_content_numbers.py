"""Numbers quoted in answers that a calculation can check (ZeRO paper, arXiv:1910.02054).

If someone edits the 8×A100 answer, the per-GPU table must still follow from its own formulas.
"""

import re
from pathlib import Path

PAGE = Path(__file__).resolve().parent.parent / "docs/training/distributed.md"
PSI = 7.3e9          # 7B LLM + ~300M ViT
GPUS = 8


def quoted(stage: str) -> float:
    m = re.search(rf"^\| {stage} \| .*\| ([0-9.]+) GB \|$", PAGE.read_text(encoding="utf-8"), re.M)
    assert m, f"{stage} row not found in {PAGE.name}"
    return float(m.group(1))


def test_model_states_need_16_bytes_per_parameter():
    text = PAGE.read_text(encoding="utf-8")
    assert re.search(r"16\\Psi \\approx 117`\$ GB", text)
    assert round(16 * PSI / 1e9) == 117


def test_zero_per_gpu_memory_matches_the_formulas():
    expected = {
        "ZeRO-1": (4 + 12 / GPUS) * PSI,   # fp16 params + grads replicated, optimizer states sharded
        "ZeRO-2": (2 + 14 / GPUS) * PSI,   # + gradients sharded
        "ZeRO-3": (16 / GPUS) * PSI,       # + parameters sharded
    }
    for stage, total in expected.items():
        assert abs(quoted(stage) - total / 1e9) < 0.06, (stage, quoted(stage), total / 1e9)
