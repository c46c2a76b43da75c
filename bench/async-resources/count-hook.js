// Preloaded (--require) into a server under bench/async-resources: counts the async resources it
// creates, by type, and answers the bench's 'async-resources' message with the counts so far.
const { createHook } = require('node:async_hooks');

const created = {};
createHook({
  init(_id, type) {
    created[type] = (created[type] ?? 0) + 1;
  },
}).enable();
process.on('message', (message) => {
  if (message === 'async-resources') process.send({ created: { ...created } });
});
