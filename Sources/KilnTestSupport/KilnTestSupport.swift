// KilnTestSupport
