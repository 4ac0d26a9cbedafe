// KilnJinja
