"""Disruption scenarios: stage capacities, the flow network, and announced projects as cover."""
