const fs = require('fs');
fs.appendFileSync(process.env.GITHUB_STATE, 'from_pre=pre-' + process.env.INPUT_NAME + '\n');
fs.writeFileSync('/tmp/node-kit-pre-' + process.env.INPUT_NAME, 'pre ran');
console.log('node-kit pre ran');
