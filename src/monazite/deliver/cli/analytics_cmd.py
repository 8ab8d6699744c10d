"""Commands of this group register on the root app."""

from monazite.deliver.cli.app import app  # noqa: F401
