"""Word counts: words between spaces; in Chinese and Japanese each character is one word."""

from __future__ import annotations

import pytest

from qualcode.ingest.transcript import count_words, has_cjk


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("We reuse BERT — mostly.", 5),  # a dash between spaces counts, as it always did
        ("Grüße aus Köln, sagt Jürgen.", 5),
        ("我们先看下载量。", 7),
        ("我用BERT模型。", 5),  # 我 用 BERT 模 型
        ("どの模型を使いますか？", 10),
        ("한국어는 띄어쓰기를 합니다", 3),  # Korean has spaces: words as usual
        ("。、！", 0),
    ],
)
def test_count_words(text, words):
    assert count_words(text) == words


def test_only_chinese_and_japanese_change_the_unit():
    assert has_cjk("访谈") and has_cjk("カタカナ") and not has_cjk("한국어 Grüße")
