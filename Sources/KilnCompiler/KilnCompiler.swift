// KilnCompiler
