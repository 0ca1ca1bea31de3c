"""Analysis: pure functions over the model. Every number shown on a map is computed by one named function."""
