"""Numbers quoted in answers that a calculation can check (ZeRO paper, arXiv:1910.02054).

If someone edits the 8×A100 answer, Ψ must still follow from the model shapes the answer states,
and the per-GPU tables must still follow from the ZeRO formulas and the activation formula
(Korthikanti et al., arXiv:2205.05198).
"""

import re
from pathlib import Path

PAGE = Path(__file__).resolve().parent.parent / "docs/training/distributed.md"
GPUS = 8
GB = 1e9


def llama2_7b_params() -> int:
    vocab, h, ffn, layers = 32000, 4096, 11008, 32
    per_layer = 4 * h * h + 3 * h * ffn + 2 * h          # attention, SwiGLU MLP, two RMSNorms
    return 2 * vocab * h + layers * per_layer + h          # untied embedding and LM head, final norm


def vit_l14_params() -> int:
    h, ffn, layers, tokens = 1024, 4096, 24, 257           # 224 px, patch 14: 256 patches + [CLS]
    per_layer = 4 * h * h + 4 * h + 2 * h * ffn + ffn + h + 4 * h   # attention, MLP, two LayerNorms
    return 3 * 14 * 14 * h + tokens * h + h + layers * per_layer + 4 * h


PSI = llama2_7b_params() + vit_l14_params()    # 7.0416e9; the page rounds it to 7.04B
PSI_STATED = 7.04e9                               # the tables are computed from the stated value


def text() -> str:
    return PAGE.read_text(encoding="utf-8")


def quoted(stage: str) -> float:
    m = re.search(rf"^\| {stage} \| [^|]+\| ([0-9.]+) GB(?: ✗)? \|$", text(), re.M)
    assert m, f"{stage} row not found in {PAGE.name}"
    return float(m.group(1))


def test_psi_follows_from_the_stated_shapes():
    assert round(llama2_7b_params() / 1e9, 2) == 6.74
    assert round(vit_l14_params() / 1e9, 2) == 0.30
    assert round(PSI / 1e9, 2) == 7.04
    assert r"\Psi \approx 7.04\text{B}" in text()
    assert r"7.3\text{B}" not in text(), "stale Ψ = 7.3B left on the page"


def test_model_states_need_16_bytes_per_parameter():
    assert re.search(r"16\\Psi \\approx 113`\$ GB", text())
    assert round(16 * PSI / GB) == round(16 * PSI_STATED / GB) == 113


def test_zero_per_gpu_memory_matches_the_formulas():
    expected = {
        "DDP": 16 * PSI_STATED,                  # everything replicated
        "ZeRO-1": (4 + 12 / GPUS) * PSI_STATED,  # bf16 params + grads replicated, optimizer states sharded
        "ZeRO-2": (2 + 14 / GPUS) * PSI_STATED,  # + gradients sharded
        "ZeRO-3": (16 / GPUS) * PSI_STATED,      # + parameters sharded
    }
    for stage, total in expected.items():
        assert abs(quoted(stage) - total / GB) < 0.06, (stage, quoted(stage), total / GB)


def activation_bytes(s, h, a, layers, mode):
    sbh = s * h                                            # micro-batch b = 1
    per_layer = {"none": sbh * (34 + 5 * a * s / h), "selective": 34 * sbh, "full": 2 * sbh}[mode]
    return per_layer * layers


def test_total_per_gpu_table_matches_model_states_plus_activations():
    acts = {}
    for mode in ("none", "selective", "full"):
        acts[mode] = activation_bytes(2048, 4096, 32, 32, mode) + activation_bytes(257, 1024, 16, 24, mode)
    acts["full"] += activation_bytes(2048, 4096, 32, 1, "none")   # the layer being recomputed
    states = {"DDP": 16 * PSI_STATED, "ZeRO-1": (4 + 12 / GPUS) * PSI_STATED,
              "ZeRO-2": (2 + 14 / GPUS) * PSI_STATED, "ZeRO-3": 16 * PSI_STATED / GPUS}
    for stage, ms in states.items():
        m = re.search(rf"^\| {stage} \| (\d+) GB[^|]*\| (\d+) GB[^|]*\| (\d+) GB[^|]*\|$", text(), re.M)
        assert m, f"{stage} row of the totals table not found"
        got = [int(g) for g in m.groups()]
        want = [round((ms + acts[mode]) / GB) for mode in ("none", "selective", "full")]
        assert got == want, (stage, got, want)
        assert (stage == "DDP") == all(g > 80 for g in got)   # only DDP does not fit in 80 GB
