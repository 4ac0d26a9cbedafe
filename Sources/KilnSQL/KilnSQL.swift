// KilnSQL
