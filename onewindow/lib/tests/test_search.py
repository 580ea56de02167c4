from onewindow.lib.search import (
    SINGLE_CHAR_WEIGHT,
    Concept,
    Document,
    bigrams,
    highlight,
    normalize,
    parse_query,
    score,
)

SYNONYMS = {"丢了": ["补领", "挂失"], "补办": ["补领"], "身份证": ["居民身份证"]}


def test_normalize_turns_full_width_into_half_width_and_lower_case():
    assert normalize("ＡＢＣ１２３") == "abc123"
    assert normalize("Ｂ超") == "b超"


def test_normalize_collapses_punctuation_and_full_width_spaces():
    assert normalize("  身份证，丢了！　怎么办？ ") == "身份证 丢了 怎么办"
    assert normalize("《食品经营许可》") == "食品经营许可"


def test_bigrams_of_each_run():
    assert bigrams("营业执照") == {"营业", "业执", "执照"}
    assert bigrams("开 餐馆") == {"开", "餐馆"}
    assert bigrams("") == frozenset()


def test_stop_words_are_dropped():
    parsed = parse_query("我要办营业执照")
    assert [c.alternatives for c in parsed.concepts] == [("营业执照",)]


def test_question_words_are_dropped():
    parsed = parse_query("生孩子要办什么")
    assert [c.alternatives for c in parsed.concepts] == [("生孩子",)]


def test_synonyms_expand_before_stop_words_are_removed():
    # "补办" contains the stop word "办"; the synonym is found first so it survives.
    parsed = parse_query("身份证补办", synonyms=SYNONYMS)
    alternatives = {c.alternatives for c in parsed.concepts}
    assert ("补办", "补领") in alternatives
    assert ("身份证", "居民身份证") in alternatives


def test_colloquial_phrase_becomes_one_concept_with_its_official_words():
    parsed = parse_query("身份证丢了", synonyms=SYNONYMS)
    assert Concept(("丢了", "补领", "挂失")) in parsed.concepts


def test_a_lone_character_counts_for_less():
    parsed = parse_query("开餐馆", synonyms={"餐馆": ["餐饮"]})
    assert Concept(("开",), SINGLE_CHAR_WEIGHT) in parsed.concepts


def test_a_query_of_stop_words_only_is_matched_literally():
    parsed = parse_query("办什么")
    assert parsed.concepts == (Concept(("办什么",)),)


def test_an_empty_query_is_falsy():
    assert not parse_query("  ？ ")


def test_terms_are_longest_first():
    parsed = parse_query("身份证丢了", synonyms=SYNONYMS)
    assert parsed.terms[0] == "居民身份证"


def test_a_name_match_beats_a_material_match():
    query = parse_query("身份证丢了", synonyms=SYNONYMS)
    in_name = Document.build([("居民身份证补领", 3.0), ("户口簿", 0.5)])
    in_material = Document.build([("护照签发", 3.0), ("居民身份证", 0.5)])
    assert score(query, in_name) > score(query, in_material) > 0


def test_answering_every_part_of_the_question_wins():
    query = parse_query("身份证丢了", synonyms=SYNONYMS)
    both = Document.build([("居民身份证补领", 3.0)])
    one = Document.build([("居民身份证申领", 3.0)])
    assert score(query, both) > score(query, one)


def test_partial_bigram_overlap_counts_above_half():
    query = parse_query("教师资格证")
    close = Document.build([("教师资格认定", 3.0)])  # 3 of 4 bigrams
    far = Document.build([("资格证书", 3.0)])  # 2 of 4, only "资格" and "格证"
    assert score(query, close) > score(query, far)


def test_nothing_in_common_scores_zero():
    assert score(parse_query("过户"), Document.build([("结婚登记", 3.0)])) == 0


def test_highlight_marks_terms_without_touching_the_rest():
    parts = highlight("居民身份证补领", ["身份证", "补领"])
    assert parts == [("居民", False), ("身份证", True), ("补领", True)]


def test_highlight_keeps_a_window_around_the_first_match():
    text = "甲" * 100 + "餐饮" + "乙" * 100
    parts = highlight(text, ["餐饮"], width=40)
    joined = "".join(p for p, _ in parts)
    assert "餐饮" in joined and len(joined) <= 42
    assert joined.startswith("…") and joined.endswith("…")
