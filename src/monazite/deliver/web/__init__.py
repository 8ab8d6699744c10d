"""The web dashboard and JSON API (FastAPI + Jinja2, every asset served locally)."""

from monazite.deliver.web.app import create_app

__all__ = ["create_app"]
