"""The knowledge base: tables, engine, one write path, and read queries."""
