/** Runs every benchmark in bench/ and writes bench/results.json. Filled in as benchmarks land. */
console.log('no benchmarks yet');
