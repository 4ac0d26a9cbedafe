// KilnRunner
