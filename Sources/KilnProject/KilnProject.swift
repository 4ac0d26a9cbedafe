// KilnProject
