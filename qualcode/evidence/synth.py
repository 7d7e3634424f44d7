"""Seeded synthetic registry data for the demo and the scale benchmarks — labelled synthetic wherever shown.

`hf_records` yields Hugging Face Hub API records (the shape `hf_metadata` reads), written as JSON
Lines or Parquet; `write_peatmoss` writes an SQLite file shaped like PeaTMOSS. Both have
heavy-tailed downloads (Pareto), sparse documentation (many models without licence, dataset,
paper or task) and a few typosquat-like names (one letter away from a popular model, other owner).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from qualcode.errors import ValidationError

TASKS = [
    "text-classification",
    "token-classification",
    "question-answering",
    "fill-mask",
    "text-generation",
    "translation",
    "summarization",
    "automatic-speech-recognition",
    "image-classification",
    "object-detection",
    "sentence-similarity",
    "text2text-generation",
]
TASK_P = np.array([18, 9, 7, 8, 14, 6, 4, 6, 8, 3, 6, 5], float)
ARCHS = [
    "BertForSequenceClassification",
    "BertForMaskedLM",
    "RobertaForSequenceClassification",
    "GPT2LMHeadModel",
    "T5ForConditionalGeneration",
    "DistilBertForSequenceClassification",
    "Wav2Vec2ForCTC",
    "ViTForImageClassification",
    "MarianMTModel",
    "BartForConditionalGeneration",
    "XLMRobertaForTokenClassification",
    "DebertaV2ForSequenceClassification",
    "LlamaForCausalLM",
    "ElectraForPreTraining",
    "AlbertForMaskedLM",
    "DetrForObjectDetection",
]
DATASETS = [
    "glue",
    "squad",
    "imdb",
    "wikitext",
    "common_voice",
    "imagenet-1k",
    "conll2003",
    "cnn_dailymail",
    "xsum",
    "mnli",
    "emotion",
    "amazon_polarity",
    "librispeech_asr",
    "wmt16",
    "tweet_eval",
    "coco",
    "samsum",
    "yelp_review_full",
    "ag_news",
    "xnli",
]
LICENSES = ["apache-2.0", "mit", "cc-by-4.0", "openrail", "cc-by-nc-4.0", "bsd-3-clause", "other"]
LIBRARIES = [
    "transformers",
    "pytorch",
    "sentence-transformers",
    "keras",
    "timm",
    "espnet",
    "diffusers",
]
BASES = [
    "bert-base-uncased",
    "gpt2",
    "roberta-base",
    "distilbert-base-uncased",
    "t5-small",
    "xlm-roberta-base",
    "bert-base-cased",
    "distilgpt2",
    "albert-base-v2",
    "bart-large",
    "wav2vec2-base",
    "vit-base-patch16-224",
    "deberta-v3-base",
    "electra-small",
    "opus-mt-en-de",
]
SUFFIXES = ["finetuned-sst2", "squad", "imdb", "ner", "emotion", "cola", "mrpc", "wikitext2",
            "qa", "sentiment", "custom", "v2", "test", "lora", "mnli", "spanish", "demo"]  # fmt: skip
SYNTHETIC_NOTE = "synthetic data made by qualcode.evidence.synth (not a real registry)"
# Every file written here carries this marker (a field of each JSON record, a key of the Parquet
# schema metadata, a table of the SQLite file), so loading it labels the source synthetic.
MARKER = "qualcode_synthetic"


def _owners(rng: np.random.Generator, n: int) -> np.ndarray:
    """Owner of each model: a few prolific owners, a long tail of one-model owners."""
    pool = np.array([f"user{i:05d}" for i in range(max(50, n // 8))])
    weights = 1.0 / np.arange(1, len(pool) + 1) ** 0.8
    return rng.choice(pool, size=n, p=weights / weights.sum())


def _downloads(rng: np.random.Generator, n: int) -> np.ndarray:
    """Heavy-tailed downloads: most models near zero, a few with millions."""
    values = np.minimum((rng.pareto(0.9, n) * 3).astype(np.int64), 50_000_000)
    top = min(n, len(BASES))  # the popular originals (the first ids) get the largest counts
    largest = np.argsort(values)[::-1][:top]
    values[largest], values[:top] = values[:top], values[largest]
    return values


def _ids(rng: np.random.Generator, n: int) -> list[str]:
    """Model ids: owner/base-suffix-k, some bare ids, a few one letter off a popular base name."""
    owners = _owners(rng, n)
    bases = rng.integers(0, len(BASES), n)
    suffixes = rng.integers(0, len(SUFFIXES), n)
    letters = np.array(list("abcdefghijklmnopqrstuvwxyz"))
    tokens = ["".join(t) for t in letters[rng.integers(0, 26, (n, 6))]]
    ids = [f"{owners[i]}/{BASES[bases[i]]}-{SUFFIXES[suffixes[i]]}-{tokens[i]}" for i in range(n)]
    for i, base in enumerate(BASES[: min(len(BASES), n)]):
        ids[i] = base  # the popular originals, bare ids like the early Hub's
    squats = rng.choice(
        np.arange(len(BASES), n), size=min(max(3, n // 2000), max(0, n - len(BASES))), replace=False
    )
    for j, i in enumerate(squats):
        base = BASES[j % len(BASES)]
        k = int(rng.integers(1, len(base) - 1))
        ids[i] = f"{owners[i]}/{base[:k]}{base[k + 1 :]}"  # one letter dropped
    return ids


def hf_records(n: int, seed: int) -> Iterator[dict]:
    """n Hugging Face Hub API model records (schema-true, synthetic)."""
    rng = np.random.default_rng(seed)
    ids = _ids(rng, n)
    downloads = _downloads(rng, n)
    tasks = rng.choice(len(TASKS), n, p=TASK_P / TASK_P.sum())
    u = rng.random((n, 8))
    for i in range(n):
        task = TASKS[tasks[i]] if u[i, 0] < 0.7 else None
        library = LIBRARIES[int(u[i, 1] * 10) % len(LIBRARIES)] if u[i, 1] < 0.75 else None
        license_ = LICENSES[int(u[i, 2] * 100) % len(LICENSES)] if u[i, 2] < 0.35 else None
        datasets = [DATASETS[int(rng.zipf(1.6)) % len(DATASETS)]] if u[i, 3] < 0.25 else []
        has_card = u[i, 4] < 0.6
        tags = [t for t in (library, task) if t]
        tags += [f"license:{license_}"] if license_ else []
        tags += [f"dataset:{d}" for d in datasets]
        tags += [f"arxiv:{1800 + i % 500}.{i % 100000:05d}"] if u[i, 5] < 0.1 else []
        card_data = None
        if has_card and (license_ or datasets or u[i, 6] < 0.3):
            card_data = {"license": license_, "datasets": datasets or None, "language": ["en"]}
            if u[i, 6] < 0.02:
                card_data["model-index"] = [
                    {
                        "name": ids[i],
                        "results": [
                            {
                                "task": {"type": task or "text-classification"},
                                "dataset": {
                                    "name": (datasets or ["glue"])[0],
                                    "type": (datasets or ["glue"])[0],
                                },
                                "metrics": [
                                    {"type": "accuracy", "value": round(0.5 + u[i, 7] / 2, 4)}
                                ],
                            }
                        ],
                    }
                ]
        siblings = [{"rfilename": ".gitattributes"}, {"rfilename": "config.json"}]
        siblings += [{"rfilename": "README.md"}] if has_card else []
        arch = (
            ARCHS[int(rng.zipf(1.4)) % len(ARCHS)]
            if library == "transformers" or u[i, 7] < 0.3
            else None
        )
        yield {
            "_id": f"{i:024x}", "id": ids[i], "modelId": ids[i],
            "author": ids[i].split("/")[0] if "/" in ids[i] else None,
            "sha": f"{(i * 2654435761) % 16**12:012x}", "lastModified": f"2022-{1 + i % 12:02d}-{1 + i % 28:02d}T00:00:00.000Z",
            "createdAt": f"2021-{1 + i % 12:02d}-{1 + i % 28:02d}T00:00:00.000Z",
            "private": False, "downloads": int(downloads[i]), "likes": int(downloads[i] // 5000),
            "library_name": library, "tags": tags, "pipeline_tag": task, "cardData": card_data,
            "siblings": siblings, "config": {"architectures": [arch], "model_type": arch.lower()[:8]} if arch else None,
        }  # fmt: skip


def write_hf_metadata(path: Path, n: int, seed: int) -> Path:
    """Write n synthetic records as JSON Lines (.jsonl/.json) or Parquet (.parquet)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() == ".parquet":
        writer = None
        batch: list[dict] = []
        for record in hf_records(n, seed):
            record["cardData"] = json.dumps(record["cardData"]) if record["cardData"] else None
            record[MARKER] = SYNTHETIC_NOTE
            batch.append(record)
            if len(batch) == 100_000:
                writer = _write_batch(path, writer, batch)
                batch = []
        writer = _write_batch(path, writer, batch) if batch else writer
        if writer is not None:
            writer.close()
        return path
    with path.open("w", encoding="utf-8") as handle:
        for record in hf_records(n, seed):
            handle.write(json.dumps({MARKER: SYNTHETIC_NOTE, **record}) + "\n")
    return path


PARQUET_SCHEMA = pa.schema([
    ("_id", pa.string()), ("id", pa.string()), ("modelId", pa.string()), ("author", pa.string()),
    ("sha", pa.string()), ("lastModified", pa.string()), ("createdAt", pa.string()), ("private", pa.bool_()),
    ("downloads", pa.int64()), ("likes", pa.int64()), ("library_name", pa.string()),
    ("tags", pa.list_(pa.string())), ("pipeline_tag", pa.string()), ("cardData", pa.string()),
    ("siblings", pa.list_(pa.struct([("rfilename", pa.string())]))),
    ("config", pa.struct([("architectures", pa.list_(pa.string())), ("model_type", pa.string())])),
    (MARKER, pa.string()),
], metadata={MARKER: SYNTHETIC_NOTE})  # fmt: skip


def is_synthetic(path: Path) -> bool:
    """Whether the file carries the marker this module writes (JSON, Parquet or SQLite)."""
    with path.open("rb") as handle:
        head = handle.read(65536)
    if head.startswith(b"SQLite format 3"):
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return (
                connection.execute(
                    "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (MARKER,)
                ).fetchone()
                is not None
            )
        except sqlite3.DatabaseError:
            return False
        finally:
            connection.close()
    if head.startswith(b"PAR1"):
        try:
            metadata = pq.read_schema(path).metadata or {}
        except (pa.ArrowException, OSError):
            return False
        return MARKER.encode() in metadata
    return f'"{MARKER}"'.encode() in head


def _write_batch(path: Path, writer, batch: list[dict]):
    """Parquet keeps `cardData` as a JSON string column (its value types vary between models)."""
    table = pa.Table.from_pylist(batch, schema=PARQUET_SCHEMA)
    writer = writer or pq.ParquetWriter(path, PARQUET_SCHEMA)
    writer.write_table(table)
    return writer


LINKED = (
    "architecture",
    "author",
    "dataset",
    "framework",
    "language",
    "library",
    "license",
    "paper",
    "tag",
)


def write_peatmoss(path: Path, n: int, seed: int) -> Path:
    """An SQLite file shaped like PeaTMOSS (`model`, `model_hub`, `X` and `model_to_X` tables), synthetic."""
    if path.exists():
        raise ValidationError(
            f"{path}: already exists; choose a new file for the synthetic database"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    ids = _ids(rng, n)
    downloads = _downloads(rng, n)
    connection = sqlite3.connect(path)
    connection.executescript(
        "CREATE TABLE model_hub (id INTEGER PRIMARY KEY, name TEXT, url TEXT);"
        "CREATE TABLE model (id INTEGER PRIMARY KEY, context_id INTEGER, model_hub_id INTEGER "
        "REFERENCES model_hub(id), sha TEXT, repo_url TEXT, downloads INTEGER, likes INTEGER, "
        "has_snapshot INTEGER);"
        + "".join(
            f"CREATE TABLE {x} (id INTEGER PRIMARY KEY, name TEXT);"
            f"CREATE TABLE model_to_{x} (model_id INTEGER REFERENCES model(id), {x}_id INTEGER REFERENCES {x}(id));"
            for x in LINKED
        )
        + f"CREATE TABLE {MARKER} (note TEXT);"
    )
    connection.execute(f"INSERT INTO {MARKER} VALUES (?)", (SYNTHETIC_NOTE,))
    connection.executemany(
        "INSERT INTO model_hub VALUES (?, ?, ?)",
        [
            (1, "Hugging Face", "https://huggingface.co"),
            (2, "PyTorch Hub", "https://pytorch.org/hub"),
        ],
    )
    hub = np.where(rng.random(n) < 0.01, 2, 1)
    connection.executemany(
        "INSERT INTO model VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        ((i + 1, ids[i], int(hub[i]), f"{i:040x}", f"https://huggingface.co/{ids[i]}",
          int(downloads[i]), int(downloads[i] // 5000), int(i % 3 == 0)) for i in range(n)),
    )  # fmt: skip
    vocab = {"architecture": ARCHS, "dataset": DATASETS, "license": LICENSES, "library": LIBRARIES,
             "tag": TASKS + ["en", "pytorch", "autotrain", "generated_from_trainer"],
             "framework": ["pytorch", "tensorflow", "jax"], "language": ["en", "de", "zh", "es", "fr"],
             "paper": [f"arxiv:{1900 + k}.{k:05d}" for k in range(200)],
             "author": sorted({i.split("/")[0] for i in ids if "/" in i})[:5000]}  # fmt: skip
    share = {"architecture": 0.55, "dataset": 0.25, "license": 0.4, "library": 0.8, "tag": 0.7,
             "framework": 0.85, "language": 0.3, "paper": 0.08, "author": 0.9}  # fmt: skip
    for x in LINKED:
        names = vocab[x]
        connection.executemany(
            f"INSERT INTO {x} VALUES (?, ?)", ((k + 1, v) for k, v in enumerate(names))
        )
        chosen = np.nonzero(rng.random(n) < share[x])[0]
        values = rng.zipf(1.5, len(chosen)) % len(names)
        connection.executemany(
            f"INSERT INTO model_to_{x} VALUES (?, ?)",
            ((int(i) + 1, int(v) + 1) for i, v in zip(chosen, values, strict=True)),
        )
    connection.commit()
    connection.close()
    return path
