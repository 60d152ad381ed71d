"""How a finished run is judged: health (did it work) and drift (is what it stored like before)."""
