"""What analysts touch: the CLI, the web dashboard and API, digests and alerts."""
