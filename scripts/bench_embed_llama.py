"""llama.cpp yardstick for scripts/bench-embed.

  python bench_embed_llama.py convert MODEL_DIR OUT.gguf
      all-MiniLM-L6-v2 safetensors -> GGUF (float32, architecture "bert", mean pooling), with the
      gguf package and numpy only (the same tensor names and vocabulary layout as llama.cpp's
      convert_hf_to_gguf.py: WordPiece tokens in "phantom space" form).
  python bench_embed_llama.py bench OUT.gguf TEXTS.json THREADS ROUNDS
      embeds the texts (a JSON {"LENGTH": [texts...]}) with llama-cpp-python, prints JSON
      {"LENGTH": sentences_per_second, ..., "peak_rss_mb": N}.
"""
import json
import resource
import struct
import sys
import time

import numpy as np


def read_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        a, b = info["data_offsets"]
        dtype = {"F32": np.float32, "I64": np.int64}[info["dtype"]]
        out[name] = np.frombuffer(data[a:b], dtype=dtype).reshape(info["shape"])
    return out


def convert(model_dir, out_path):
    import gguf

    cfg = json.load(open(f"{model_dir}/config.json"))
    tensors = read_safetensors(f"{model_dir}/model.safetensors")
    vocab = open(f"{model_dir}/vocab.txt", encoding="utf-8").read().split("\n")
    if vocab and vocab[-1] == "":
        vocab.pop()
    n_layers = cfg["num_hidden_layers"]
    w = gguf.GGUFWriter(out_path, "bert")
    w.add_name("all-MiniLM-L6-v2")
    w.add_context_length(cfg["max_position_embeddings"])
    w.add_embedding_length(cfg["hidden_size"])
    w.add_feed_forward_length(cfg["intermediate_size"])
    w.add_block_count(n_layers)
    w.add_head_count(cfg["num_attention_heads"])
    w.add_layer_norm_eps(cfg["layer_norm_eps"])
    w.add_causal_attention(False)
    w.add_pooling_type(gguf.PoolingType.MEAN)
    w.add_file_type(gguf.LlamaFileType.ALL_F32)
    # Vocabulary: specials are CONTROL and kept as they are; "##x" -> "x"; words -> "\u2581word".
    special = {"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"}
    types = [gguf.TokenType.CONTROL if t in special else gguf.TokenType.NORMAL for t in vocab]
    tokens = [t if t in special else (t[2:] if t.startswith("##") else "\u2581" + t) for t in vocab]
    w.add_token_type_count(cfg.get("type_vocab_size", 2))
    w.add_tokenizer_model("bert")
    w.add_tokenizer_pre("default")
    w.add_token_list(tokens)
    w.add_token_types(types)
    w.add_bos_token_id(vocab.index("[CLS]"))
    w.add_sep_token_id(vocab.index("[SEP]"))
    w.add_unk_token_id(vocab.index("[UNK]"))
    w.add_pad_token_id(vocab.index("[PAD]"))
    w.add_mask_token_id(vocab.index("[MASK]"))
    w.add_add_bos_token(True)
    w.add_add_sep_token(True)
    tmap = gguf.get_tensor_name_map(gguf.MODEL_ARCH.BERT, n_layers)
    for name, data in tensors.items():
        if name in ("embeddings.position_ids",) or name.startswith("pooler."):
            continue
        new = tmap.get_name(name, try_suffixes=(".weight", ".bias"))
        if new is None:
            raise SystemExit(f"cannot map tensor {name}")
        w.add_tensor(new, np.ascontiguousarray(data, dtype=np.float32))
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()


def bench(gguf_path, texts_path, threads, rounds):
    from llama_cpp import Llama, LLAMA_POOLING_TYPE_MEAN

    texts = json.load(open(texts_path))
    llm = Llama(model_path=gguf_path, embedding=True, n_threads=threads, n_threads_batch=threads,
                n_ctx=512, n_batch=512, n_ubatch=512, pooling_type=LLAMA_POOLING_TYPE_MEAN, verbose=False)
    result = {}
    for length, items in texts.items():
        llm.embed(items[:4], normalize=True)  # warm-up
        best = 0.0
        for _ in range(rounds):
            t0 = time.perf_counter()
            llm.embed(items, normalize=True)
            best = max(best, len(items) / (time.perf_counter() - t0))
        result[length] = best
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


if __name__ == "__main__":
    if sys.argv[1] == "convert":
        convert(sys.argv[2], sys.argv[3])
    elif sys.argv[1] == "bench":
        bench(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]))
    else:
        raise SystemExit(__doc__)
