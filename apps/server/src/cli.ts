const [command] = process.argv.slice(2);
console.error(`custody: unknown command ${command ?? '(none)'}`);
process.exitCode = 2;
