from tests.projects.records.conftest import join

__all__ = ["join"]
