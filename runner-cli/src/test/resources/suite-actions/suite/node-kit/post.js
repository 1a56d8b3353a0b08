const name = process.env.INPUT_NAME;
if (process.env.STATE_from_main !== 'main-' + name || (process.env['INPUT_EXPECT_PRE'] === 'true' && process.env.STATE_from_pre !== 'pre-' + name)) {
  console.log('node-kit post: wrong state ' + process.env.STATE_from_pre + ' ' + process.env.STATE_from_main);
  process.exit(1);
}
console.log('node-kit post ran for ' + name);
