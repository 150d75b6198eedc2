// The offline dialog simulator (being written).
