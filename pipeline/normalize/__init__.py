"""Pure normalisers: explicit inputs, no globals (the reference date is an argument)."""
