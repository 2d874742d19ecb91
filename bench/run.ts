// Entry of `npm run bench`. React and Ink read their environment when first loaded, so it is set
// here, before any of them is imported (everything else is loaded dynamically by main.js):
// production React, and no CI detection (Ink renders differently under CI).
process.env.NODE_ENV = 'production';
delete process.env.CI;
delete process.env.CONTINUOUS_INTEGRATION;

const { main } = await import('./main.js');
process.exitCode = await main(process.argv.slice(2));
