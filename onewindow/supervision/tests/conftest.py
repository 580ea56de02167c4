"""The case tests' small district and people, plus the office's account."""

import pytest

from onewindow.cases.tests.conftest import (  # noqa: F401  (fixtures)
    accepted,
    applicant,
    district,
    people,
    submit,
)


@pytest.fixture
def office(people):  # noqa: F811
    return people["supervisor"]
