"""The metric registry: fixed ids, plain-language definitions, the codes each metric substantiates,
which source kinds can compute it, and the published reference values from the ICSE 2023 study.

A metric needs one attribute of a source (`needs`); a source that does not carry that attribute
cannot compute the metric, and then the metric is absent for it (never a zero).
Reference values are the study's published figures; they are shown beside computed values and
never stored or reported as computed.
"""

from __future__ import annotations

from dataclasses import dataclass

from qualcode.errors import NotFoundError

CITATION = (
    'Jiang et al., "An Empirical Study of Pre-Trained Model Reuse in the Hugging Face Deep '
    'Learning Model Registry", ICSE 2023'
)

KINDS = ("ptmtorrent", "hf-metadata", "peatmoss", "downloads", "model-ids")
MODEL_KINDS = ("ptmtorrent", "hf-metadata", "peatmoss")
TOP_K = 10  # concentration metrics: share held by the 10 most used datasets / architectures
TOP_DOWNLOADS = 100  # download_concentration: share of downloads held by the top 100 packages
POPULAR = 1000  # typosquat_candidates: names compared against the 1,000 most popular models


@dataclass(frozen=True)
class Reference:
    """A published figure: value (a share or a count), how the paper states it, and the source."""

    value: float
    display: str
    note: str = ""
    citation: str = CITATION

    def as_dict(self) -> dict:
        return {
            "value": self.value,
            "display": self.display,
            "note": self.note,
            "citation": self.citation,
        }


@dataclass(frozen=True)
class Metric:
    """One registry metric; `needs` is the source attribute it is computed from (None: reference only)."""

    id: str
    title: str
    definition: str
    codes: tuple[str, ...]
    kinds: tuple[str, ...]
    needs: str | None
    shape: str  # share | concentration | candidates | downloads | reference
    reference: Reference | None = None


MISSING_CODES = ("missing_attributes", "model_search", "model_application", "model_flexibility")


def _missing(attribute: str, needs: str, title: str, what: str, kinds: tuple[str, ...]) -> Metric:
    return Metric(
        id=f"missing_{attribute}",
        title=title,
        definition=f"Share of models whose registry metadata {what}, overall and per task.",
        codes=MISSING_CODES,
        kinds=kinds,
        needs=needs,
        shape="share",
    )


METRICS: tuple[Metric, ...] = (
    _missing("model_card", "card", "Models without a model card",
             "has no model card (no README.md among the repository's files, `siblings`, or an "
             "empty card; or a mapped yes/no column)",
             ("hf-metadata",)),
    _missing("license", "license", "Models without a licence",
             "names no licence (card metadata `license` or a `license:` tag)",
             ("hf-metadata", "peatmoss")),
    _missing("dataset", "dataset", "Models without a training dataset",
             "names no dataset (card metadata `datasets`, `dataset:` tags, PTMTorrent `Datasets`)",
             MODEL_KINDS),
    _missing("paper", "paper", "Models without a paper",
             "links no paper (an `arxiv:` or `doi:` tag, PTMTorrent `ModelPaperDOIs`)",
             MODEL_KINDS),
    _missing("task_tag", "task", "Models without a task tag",
             "names no task (`pipeline_tag`, PTMTorrent `ModelTask`, a task tag in PeaTMOSS)",
             MODEL_KINDS),
    _missing("library", "library", "Models without a library",
             "names no library (`library_name`, a PeaTMOSS library link)",
             ("hf-metadata", "peatmoss")),
    _missing("architecture", "architecture", "Models without an architecture",
             "names no architecture (`config.architectures`, PTMTorrent `ModelArchitecture`)",
             MODEL_KINDS),
    Metric(
        id="machine_readable_claims",
        title="Models with machine-readable performance claims",
        definition=(
            "Share of models whose card metadata carries `model-index` results (task, dataset, "
            "metric values a machine can read), overall and per task (the study's Figure 7)."
        ),
        codes=("discrepancies",),
        kinds=("hf-metadata",),
        needs="claims",
        shape="share",
        reference=Reference(0.001, "< 0.1%", "models with machine-readable performance claims"),
    ),
    Metric(
        id="dataset_concentration",
        title="Concentration of training datasets",
        definition=(
            f"Models per dataset; the value is the share of models naming a dataset that use one "
            f"of the {TOP_K} most used datasets (the study's Figure 6). A model naming several of "
            f"them counts once; ties at the {TOP_K}th place are broken by name (alphabetical), so "
            f"exactly {TOP_K} datasets are counted."
        ),
        codes=("security_privacy_risks",),
        kinds=MODEL_KINDS,
        needs="dataset",
        shape="concentration",
        reference=Reference(6834, "6,834 models", "models depending on the most used dataset"),
    ),
    Metric(
        id="architecture_concentration",
        title="Concentration of architectures",
        definition=(
            f"Models per architecture; the value is the share of models naming an architecture "
            f"that use one of the {TOP_K} most used architectures (the study's Figure 6). A model "
            f"naming several of them counts once; ties at the {TOP_K}th place are broken by name "
            f"(alphabetical), so exactly {TOP_K} architectures are counted."
        ),
        codes=("security_privacy_risks", "model_flexibility"),
        kinds=MODEL_KINDS,
        needs="architecture",
        shape="concentration",
        reference=Reference(10247, "10,247 models", "models built on BERT"),
    ),
    Metric(
        id="unnamespaced_ids",
        title="Model ids without an owner namespace",
        definition="Share of model ids with no `owner/` part (e.g. `gpt2` rather than `openai/gpt2`).",
        codes=("security_privacy_risks",),
        kinds=("hf-metadata", "peatmoss", "model-ids"),
        needs="ids",
        shape="share",
    ),
    Metric(
        id="typosquat_candidates",
        title="Typosquatting candidates",
        definition=(
            f"Share of model ids whose name (the part after the owner) is at edit distance 1 from "
            f"the name of one of the {POPULAR} most popular models, under another owner. Popularity "
            "is downloads when the source has them, otherwise the list's order (most popular first). "
            "A candidate is less popular than the model it resembles and is counted once. An id "
            "without an owner (`gpt2`) is compared too, but a pair of two owner-less ids is not "
            "counted: with no owner on either side there is no other owner to impersonate."
        ),
        codes=("security_privacy_risks",),
        kinds=("hf-metadata", "peatmoss", "model-ids"),
        needs="ids",
        shape="candidates",
    ),
    Metric(
        id="download_concentration",
        title="Concentration of downloads",
        definition=(
            f"Share of all downloads held by the top {TOP_DOWNLOADS} packages of a registry "
            "(npm vs PyPI vs Hugging Face, the study's Figure 1), each registry on its own: a source "
            "with several registries has no single value, only one per registry (`by.registry`). "
            f"A registry with at most {TOP_DOWNLOADS} packages has the value 1; ties in downloads "
            "do not change the sum."
        ),
        codes=("model_search",),
        kinds=("hf-metadata", "peatmoss", "downloads"),
        needs="downloads",
        shape="downloads",
    ),
    Metric(
        id="verified_organisations",
        title="Verified organisations",
        definition="Share of Hugging Face organisations that are verified (published figure only).",
        codes=("security_privacy_risks",),
        kinds=(),
        needs=None,
        shape="reference",
        reference=Reference(0.0319, "3.19%", "199 of 6,243 organisations"),
    ),
    Metric(
        id="signed_commits",
        title="Repositories with signed commits",
        definition="Share of model repositories with signed commits (published figure only).",
        codes=("security_privacy_risks",),
        kinds=(),
        needs=None,
        shape="reference",
        reference=Reference(0.0021, "0.21%", "132 of 63,182 repositories"),
    ),
    Metric(
        id="malware_flagged",
        title="Packages flagged by ClamAV",
        definition="Model packages a ClamAV scan flagged as malicious (published figure only).",
        codes=("security_privacy_risks",),
        kinds=(),
        needs=None,
        shape="reference",
        reference=Reference(0, "0 flagged", "ClamAV scan of the studied packages"),
    ),
)  # fmt: skip

BY_ID: dict[str, Metric] = {m.id: m for m in METRICS}


def get_metric(metric_id: str) -> Metric:
    """The metric with this id; NotFoundError lists the known ids."""
    try:
        return BY_ID[metric_id]
    except KeyError:
        raise NotFoundError(
            f"no evidence metric '{metric_id}' (known: {', '.join(BY_ID)})"
        ) from None


def metrics_for_code(code_key: str, linked: list[str]) -> list[Metric]:
    """The metrics a code links to in the codebook, then those the registry ties to the code."""
    ids = [m for m in linked if m in BY_ID]
    ids += [m.id for m in METRICS if code_key in m.codes and m.id not in ids]
    return [BY_ID[i] for i in ids]
