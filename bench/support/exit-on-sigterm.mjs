// Loaded with --import by a bench that profiles the server: an orderly exit on SIGTERM, so that Node
// writes the --cpu-prof profiles (a process killed by the default handler writes none).
process.on('SIGTERM', () => process.exit(0));
