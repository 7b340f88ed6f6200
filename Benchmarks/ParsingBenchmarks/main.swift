runParsingBenchmarks()
