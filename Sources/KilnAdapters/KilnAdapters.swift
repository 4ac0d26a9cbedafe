// KilnAdapters
