"""Claims and dossiers: what sources assert, whether they agree, and everything known of one entity."""
