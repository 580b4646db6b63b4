"""The one-statement insert's SQL and the defaults it fills in (the inserts themselves run in
every plan import and project-plan test)."""

from __future__ import annotations

import pytest

from services.projects.models import Calendar, Dependency
from shared.bulk_insert import _defaults, _statement


def test_each_column_travels_as_one_array_of_its_type() -> None:
    sql = str(_statement(Dependency.__table__, ("id", "type", "lag_days")))
    assert sql == (
        "INSERT INTO dependencies (id, type, lag_days) SELECT * FROM unnest("
        "CAST(:id AS UUID[]), CAST(:type AS VARCHAR(2)[]), CAST(:lag_days AS NUMERIC(10, 2)[]))"
    )


def test_left_out_columns_take_their_scalar_defaults() -> None:
    given = {"id", "project_id", "predecessor_id", "successor_id"}
    expected = {"type": "FS", "lag_days": 0, "lag_optional": False, "version": 1}
    assert _defaults(Dependency.__table__, given) == expected


def test_a_computed_default_must_be_given() -> None:
    with pytest.raises(ValueError, match=r"dependencies\.id"):
        _defaults(Dependency.__table__, {"project_id"})


def test_array_columns_are_refused() -> None:
    with pytest.raises(TypeError, match="working_weekdays"):
        _statement(Calendar.__table__, ("id", "working_weekdays"))
