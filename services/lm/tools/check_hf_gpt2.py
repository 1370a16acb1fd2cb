#!/usr/bin/env python3
"""Checks that a Hugging Face GPT-2 directory means to Hugging Face what it means to Doppel.

An independent numpy re-implementation of transformers' GPT2LMHeadModel forward pass (eager attention):
    x = wte[ids] + wpe[positions]
    per block:  x = x + c_proj(attention(ln_1(x)))      Conv1D: x @ W + b, W stored (in, out)
                x = x + mlp.c_proj(act(mlp.c_fc(ln_2(x))))
    logits = ln_f(x) @ wte.T                           the LM head is tied to wte
with the config's activation_function, layer_norm_epsilon, n_inner and attention-scaling flags. It parses
model.safetensors with numpy alone (no safetensors, torch or transformers package), checks the file against
the format spec and the names and shapes from_pretrained expects, then compares its logits with the logits
Doppel's Java code wrote for the same token ids.

    python3 check_hf_gpt2.py EXPORT_DIR LOGITS_JSON [--tolerance 1e-4] [--compare-activations]
    python3 check_hf_gpt2.py EXPORT_DIR --tokens 464,2068,7586 --compare-activations

LOGITS_JSON: {"cases": [{"tokens": [int, ...], "logits": [[float x vocab] x len(tokens)]}, ...]}.
--compare-activations also runs the model with the exact erf GELU and with its tanh approximation and
prints the largest logit difference between the two (what loading a "gelu_new" checkpoint such as GPT-2's
into Doppel, which computes the exact GELU, changes).
The reference runs in float64; exit status 1 if the file is malformed or a difference exceeds the tolerance.
"""
import argparse
import json
import math
import os
import re
import struct
import sys

import numpy as np

DTYPES = {
    "F64": np.dtype("<f8"), "F32": np.dtype("<f4"), "F16": np.dtype("<f2"),
    "I64": np.dtype("<i8"), "I32": np.dtype("<i4"), "I16": np.dtype("<i2"), "I8": np.dtype("i1"),
    "U64": np.dtype("<u8"), "U32": np.dtype("<u4"), "U16": np.dtype("<u2"), "U8": np.dtype("u1"),
    "BOOL": np.dtype("?"),
}
BUFFER = re.compile(r"h\.\d+\.attn\.(bias|masked_bias)")  # causal-mask buffers older transformers versions saved
_erf = np.vectorize(math.erf, otypes=[np.float64])


def gelu_exact(x):
    return 0.5 * x * (1.0 + _erf(x / math.sqrt(2.0)))


def gelu_tanh(x):
    return 0.5 * x * (1.0 + np.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x ** 3)))


ACTIVATIONS = {
    "gelu": gelu_exact, "gelu_python": gelu_exact,
    "gelu_new": gelu_tanh, "gelu_pytorch_tanh": gelu_tanh, "gelu_fast": gelu_tanh,
    "quick_gelu": lambda x: x / (1.0 + np.exp(-1.702 * x)),
    "relu": lambda x: np.maximum(x, 0.0),
}


class Malformed(Exception):
    pass


def read_safetensors(path):
    """Returns ({name: float array or raw array}, metadata, header_length); strict like the reference reader."""
    raw = np.memmap(path, dtype=np.uint8, mode="r")
    if raw.size < 8:
        raise Malformed(f"{path}: {raw.size} bytes, too short")
    (n,) = struct.unpack("<Q", raw[:8].tobytes())
    if n > raw.size - 8:
        raise Malformed(f"{path}: header length {n} runs past the end of the file")
    text = raw[8:8 + n].tobytes().decode("utf-8")
    if not text.startswith("{"):
        raise Malformed(f"{path}: header does not start with '{{'")
    header = json.loads(text)
    metadata = header.pop("__metadata__", {})
    data = raw[8 + n:]
    spans = sorted((info["data_offsets"][0], info["data_offsets"][1], name) for name, info in header.items())
    cursor = 0
    for begin, end, name in spans:
        if begin != cursor:
            raise Malformed(f"{path}: tensor {name} starts at {begin}, expected {cursor} (overlap or hole)")
        cursor = end
    if cursor != data.size:
        raise Malformed(f"{path}: tensors end at {cursor}, data section has {data.size} bytes")
    tensors = {}
    for name, info in header.items():
        begin, end = info["data_offsets"]
        chunk = data[begin:end]
        dtype = info["dtype"]
        if dtype == "BF16":
            array = (chunk.view("<u2").astype(np.uint32) << 16).view(np.float32)
        elif dtype in DTYPES:
            array = chunk.view(DTYPES[dtype])
        else:
            raise Malformed(f"{path}: tensor {name} has dtype {dtype} this checker does not know")
        if array.size != math.prod(info["shape"]):
            raise Malformed(f"{path}: tensor {name}: shape {info['shape']} does not match {end - begin} bytes of {dtype}")
        tensors[name] = array.reshape(info["shape"])
    return tensors, metadata, n


def check_names_and_shapes(params, cfg, n_embd, n_layer, n_positions, vocab):
    """What from_pretrained needs: every GPT2LMHeadModel parameter present with its shape, nothing else."""
    inner = cfg.get("n_inner") or 4 * n_embd
    expected = {"wte.weight": (vocab, n_embd), "wpe.weight": (n_positions, n_embd),
                "ln_f.weight": (n_embd,), "ln_f.bias": (n_embd,)}
    for i in range(n_layer):
        p = f"h.{i}."
        expected.update({
            p + "ln_1.weight": (n_embd,), p + "ln_1.bias": (n_embd,),
            p + "attn.c_attn.weight": (n_embd, 3 * n_embd), p + "attn.c_attn.bias": (3 * n_embd,),
            p + "attn.c_proj.weight": (n_embd, n_embd), p + "attn.c_proj.bias": (n_embd,),
            p + "ln_2.weight": (n_embd,), p + "ln_2.bias": (n_embd,),
            p + "mlp.c_fc.weight": (n_embd, inner), p + "mlp.c_fc.bias": (inner,),
            p + "mlp.c_proj.weight": (inner, n_embd), p + "mlp.c_proj.bias": (n_embd,),
        })
    missing = sorted(set(expected) - set(params))
    unexpected = sorted(set(params) - set(expected) - {"lm_head.weight"})
    if missing or unexpected:
        raise Malformed(f"missing {missing[:5]}, unexpected {unexpected[:5]}")
    for name, shape in expected.items():
        if tuple(params[name].shape) != shape:
            raise Malformed(f"{name} has shape {tuple(params[name].shape)}, GPT2LMHeadModel expects {shape}")


def layer_norm(x, weight, bias, eps):
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)  # biased, like torch.nn.LayerNorm
    return (x - mean) / np.sqrt(var + eps) * weight + bias


def forward(params, cfg, ids, activation, dtype=np.float64):
    """Logits (T, V) of GPT2LMHeadModel for one sequence of token ids."""
    p = {name: value.astype(dtype) for name, value in params.items()}
    n_layer, n_head, n_embd = cfg["n_layer"], cfg["n_head"], cfg["n_embd"]
    eps = cfg.get("layer_norm_epsilon", 1e-5)
    hs = n_embd // n_head
    t = len(ids)
    act = ACTIVATIONS[activation]
    x = p["wte.weight"][ids] + p["wpe.weight"][np.arange(t)]                      # (T, C)
    causal = np.tril(np.ones((t, t), dtype=bool))                                # (T, T)
    for i in range(n_layer):
        b = f"h.{i}."
        h = layer_norm(x, p[b + "ln_1.weight"], p[b + "ln_1.bias"], eps)
        qkv = h @ p[b + "attn.c_attn.weight"] + p[b + "attn.c_attn.bias"]       # (T, 3C)
        q, k, v = (m.reshape(t, n_head, hs).transpose(1, 0, 2) for m in np.split(qkv, 3, axis=-1))  # (nh, T, hs)
        att = q @ k.transpose(0, 2, 1)                                           # (nh, T, T)
        if cfg.get("scale_attn_weights", True):
            att = att / math.sqrt(hs)
        if cfg.get("scale_attn_by_inverse_layer_idx", False):
            att = att / float(i + 1)
        att = np.where(causal, att, np.finfo(dtype).min)
        att = np.exp(att - att.max(-1, keepdims=True))
        att = att / att.sum(-1, keepdims=True)
        y = (att @ v).transpose(1, 0, 2).reshape(t, n_embd)                      # (T, C)
        x = x + (y @ p[b + "attn.c_proj.weight"] + p[b + "attn.c_proj.bias"])
        h = layer_norm(x, p[b + "ln_2.weight"], p[b + "ln_2.bias"], eps)
        h = act(h @ p[b + "mlp.c_fc.weight"] + p[b + "mlp.c_fc.bias"])            # (T, 4C)
        x = x + (h @ p[b + "mlp.c_proj.weight"] + p[b + "mlp.c_proj.bias"])
    x = layer_norm(x, p["ln_f.weight"], p["ln_f.bias"], eps)
    tied = cfg.get("tie_word_embeddings", True) or "lm_head.weight" not in p
    head = p["wte.weight"] if tied else p["lm_head.weight"]
    return x @ head.T                                                             # (T, V)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("export_dir")
    parser.add_argument("logits_json", nargs="?")
    parser.add_argument("--tokens", help="comma-separated ids, for --compare-activations without a logits file")
    parser.add_argument("--tolerance", type=float, default=1e-4)
    parser.add_argument("--compare-activations", action="store_true")
    args = parser.parse_args()

    cfg = json.load(open(os.path.join(args.export_dir, "config.json")))
    path = os.path.join(args.export_dir, "model.safetensors")
    try:
        if cfg.get("model_type") != "gpt2":
            raise Malformed(f"model_type {cfg.get('model_type')!r}, expected 'gpt2'")
        activation = cfg.get("activation_function", "gelu_new")  # GPT2Config's default
        if activation not in ACTIVATIONS:
            raise Malformed(f"activation_function {activation!r} unknown to this checker")
        tensors, metadata, header_length = read_safetensors(path)
        if metadata.get("format") != "pt":
            print(f"note: __metadata__ format is {metadata.get('format')!r}; save_pretrained writes 'pt'")
        if header_length % 8:
            print(f"note: header length {header_length} is not a multiple of 8; the data is not 8-byte aligned")
        prefixed = sum(name.startswith("transformer.") for name in tensors)
        params = {name.removeprefix("transformer."): value for name, value in tensors.items()
                  if not BUFFER.fullmatch(name.removeprefix("transformer."))}
        n_positions = cfg.get("n_positions", cfg.get("n_ctx"))
        check_names_and_shapes(params, cfg, cfg["n_embd"], cfg["n_layer"], n_positions, cfg["vocab_size"])
    except (Malformed, KeyError, ValueError) as e:
        print(f"MALFORMED: {e}")
        return 1
    print(f"{path}: {len(tensors)} tensors ({prefixed} with the transformer. prefix), "
          f"{sum(v.size for v in params.values())} parameters, header {header_length} bytes, "
          f"metadata {metadata}, activation {activation}, layer_norm_epsilon {cfg.get('layer_norm_epsilon')}")

    if args.logits_json:
        cases = json.load(open(args.logits_json))["cases"]
    elif args.tokens:
        cases = [{"tokens": [int(t) for t in args.tokens.split(",")]}]
    else:
        parser.error("give LOGITS_JSON or --tokens")

    worst = 0.0
    for number, case in enumerate(cases):
        ids = np.array(case["tokens"], dtype=np.int64)
        reference = forward(params, cfg, ids, activation)
        line = f"case {number}: {len(ids)} tokens"
        if "logits" in case:
            ours = np.array(case["logits"], dtype=np.float64)
            if ours.shape != reference.shape:
                print(f"{line}: Java logits have shape {ours.shape}, the reference {reference.shape}")
                return 1
            difference = float(np.abs(ours - reference).max())
            worst = max(worst, difference)
            same_argmax = float((ours.argmax(-1) == reference.argmax(-1)).mean())
            line += (f", max |Java - numpy| = {difference:.3e} (logits span {reference.min():.3f}..{reference.max():.3f}),"
                     f" argmax agrees on {same_argmax:.0%} of positions")
        if args.compare_activations:
            other = "gelu_new" if ACTIVATIONS[activation] is gelu_exact else "gelu"
            alternative = forward(params, cfg, ids, other)
            line += f"; {activation} vs {other}: max logit difference {float(np.abs(alternative - reference).max()):.3e}"
        print(line)
    if args.logits_json:
        verdict = "OK" if worst <= args.tolerance else "FAIL"
        print(f"{verdict}: max abs logit difference {worst:.3e} (tolerance {args.tolerance:g})")
        return 0 if worst <= args.tolerance else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
