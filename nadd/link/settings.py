"""The linkage model as data: blocking rules, comparisons, training plan, threshold.

One definition for every engine: Splink's level creators write the SQL of each dialect
(DuckDB's ``jaro_winkler_similarity``, Spark's ``jaro_winkler`` UDF, array intersections),
so the DuckDB and Spark runs score the same pairs with the same levels.
Columns are those of :func:`nadd.link.normalise.prepare`.
"""

from __future__ import annotations

import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import SettingsCreator, block_on

SETTINGS_VERSION = "party-link-1"
DEFAULT_THRESHOLD = 0.95  # (= nadd.link.DEFAULT_THRESHOLD) match probability at which two records join one cluster
SEED = 20260601           # every sampling step is seeded with this

# Pairs to score: a pair is scored when it meets at least one rule. Strong identifiers
# first, then names tightened with a second field so that common names (García, Smith)
# do not make huge blocks. Every rule keeps persons and companies apart.
BLOCKING_RULES: list[tuple[str, ...] | str] = [
    ("kind", "phone"),
    ("kind", "email"),
    ("kind", "account"),
    ("kind", "wallet"),
    ("kind", "given_norm", "family_norm", "birth_year"),
    ("kind", "family_norm", "dob"),
    ("kind", "given_norm", "dob"),
    ("kind", "given_phon", "family_phon", "postcode"),
    ("kind", "full_norm", "postcode"),
    # given and family names written in each other's field (same birth year, or it is huge)
    ("l.kind = r.kind and l.given_norm = r.family_norm and l.family_norm = r.given_norm "
     "and l.birth_year = r.birth_year"),
]

# EM sessions: each blocks on some fields and so estimates the m of the others. A session
# whose fields are empty in a file (no phones at all) is skipped; at least one must run.
TRAINING_BLOCKS: list[tuple[str, ...]] = [("phone",), ("given_norm", "family_norm", "dob"),
                                          ("dob", "postcode")]

# Deterministic rules for the prior (probability that two random records match).
PRIOR_RULES: list[tuple[str, ...]] = [("full_norm", "dob"), ("phone", "full_norm"),
                                      ("email",), ("account",)]
PRIOR_RECALL = 0.7


def _name() -> cl.CustomComparison:
    """Person or company name, strongest evidence first (trafficking-references.md §6.1)."""
    return cl.CustomComparison(
        output_column_name="name",
        comparison_levels=[
            cll.NullLevel("full_norm"),
            cll.ExactMatchLevel("full_norm").configure(tf_adjustment_column="full_norm"),
            cll.ColumnsReversedLevel("given_norm", "family_norm"),
            cll.And(cll.JaroWinklerLevel("given_norm", 0.92),
                    cll.JaroWinklerLevel("family_norm", 0.92)),
            cll.JaroWinklerLevel("full_norm", 0.92),
            cll.And(cll.ExactMatchLevel("given_phon"), cll.ExactMatchLevel("family_phon")),
            cll.ArrayIntersectLevel("name_tokens", 2),
            cll.JaroWinklerLevel("full_norm", 0.80),
            cll.ArrayIntersectLevel("name_tokens", 1),
            cll.ElseLevel(),
        ],
    )


def _dob() -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name="dob",
        comparison_levels=[
            cll.NullLevel("dob"),
            cll.ExactMatchLevel("dob"),
            cll.CustomLevel("dob_swapped_l = dob_r", "day and month swapped"),
            cll.DamerauLevenshteinLevel("dob", 1),
            cll.ExactMatchLevel("birth_year"),
            cll.ElseLevel(),
        ],
    )


# m of "different value" for identifiers, fixed rather than trained. People change phones,
# e-mails and accounts, so a true match with different values is rare but not impossible;
# where the training pairs hold no such match, EM drives m to 0.0 (an infinite negative
# weight), which Splink 5 refuses. Values are priors, not measurements.
DIFFERENT_ID_M = {"phone": 0.05, "email": 0.05, "account": 0.10, "wallet": 0.20}


def _else(col: str):
    return cll.ElseLevel().configure(m_probability=DIFFERENT_ID_M[col], fix_m_probability=True)


def _identifier(col: str) -> cl.CustomComparison:
    return cl.CustomComparison(output_column_name=col, comparison_levels=[
        cll.NullLevel(col), cll.ExactMatchLevel(col), _else(col)])


def comparisons() -> list:
    return [
        _name(),
        _dob(),
        cl.CustomComparison(output_column_name="phone", comparison_levels=[
            cll.NullLevel("phone"), cll.ExactMatchLevel("phone"),
            cll.DamerauLevenshteinLevel("phone", 1), _else("phone")]),
        _identifier("email"),
        _identifier("account"),
        _identifier("wallet"),
        cl.CustomComparison(output_column_name="postcode", comparison_levels=[
            cll.NullLevel("postcode"), cll.ExactMatchLevel("postcode"),
            cll.CustomLevel("substr(postcode_l, 1, 3) = substr(postcode_r, 1, 3)",
                            "first three characters"),
            cll.ElseLevel()]),
        cl.JaroWinklerAtThresholds("address", [0.95, 0.85]),
    ]


def settings() -> SettingsCreator:
    """The Splink settings (untrained): the same object on every engine."""
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=comparisons(),
        blocking_rules_to_generate_predictions=[
            block_on(*r) if isinstance(r, tuple) else r for r in BLOCKING_RULES],
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
        max_iterations=25,
        em_convergence=1e-4,
    )
