const fs = require('fs');
const need = (c, m) => { if (!c) { console.log('::error::node-kit main: ' + m); process.exit(1); } };
const name = process.env.INPUT_NAME;
need(name, 'no INPUT_NAME');
if (process.env['INPUT_EXPECT_PRE'] === 'true') {
  need(fs.existsSync('/tmp/node-kit-pre-' + name), 'pre did not run first');
  need(process.env.STATE_from_pre === 'pre-' + name, 'STATE_from_pre=' + process.env.STATE_from_pre);
}
need(process.env.GITHUB_ACTION_REPOSITORY === 'suite/node-kit', 'GITHUB_ACTION_REPOSITORY=' + process.env.GITHUB_ACTION_REPOSITORY);
need(process.env.GITHUB_ACTION_REF === 'v1', 'GITHUB_ACTION_REF=' + process.env.GITHUB_ACTION_REF);
need(fs.existsSync(process.env.GITHUB_ACTION_PATH + '/post.js'), 'GITHUB_ACTION_PATH=' + process.env.GITHUB_ACTION_PATH);
const message = process.env.INPUT_GREETING + ' ' + name;
fs.appendFileSync(process.env.GITHUB_OUTPUT, 'message=' + message + '\n');
fs.appendFileSync(process.env.GITHUB_STATE, 'from_main=main-' + name + '\n');
fs.appendFileSync(process.env.GITHUB_ENV, 'NODE_KIT_' + name.toUpperCase() + '=' + message + '\n');
console.log('node-kit main: ' + message);
