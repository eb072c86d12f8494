"""Pages for risks and what is done about them; one module per kind of record."""
