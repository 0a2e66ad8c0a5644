"""Use cases that combine the layers (planning a whole year, ...), one module each."""
