// KilnDocs
