"""观摩与比学: highlights to learn from, problems raised on the spot and their rectification, and who visited whom."""
