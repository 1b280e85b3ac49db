// The live-delivery scenario of issue 4 with the stock client, as a browser would run it.
// Run by LiveStockClientTest with BASE and the users' ids and tokens in the environment;
// exits 0 when every step held, 1 with the failed step on stderr.
const EventBus = require('@vertx/eventbus-bridge-client.js');

const env = process.env;
const BASE = env.BASE;
const ann = { id: env.ANN_ID, token: env.ANN_TOKEN };
const bob = { id: env.BOB_ID, token: env.BOB_TOKEN };
const cat = { id: env.CAT_ID, token: env.CAT_TOKEN };
const transport = env.TRANSPORT || 'websocket';

let step = 'start';
const stuck = setTimeout(() => {
  console.error('stuck at: ' + step);
  process.exit(1);
}, 60000);

function at(name) {
  step = name;
  console.log(name);
}

async function api(method, path, user, body) {
  const response = await fetch(BASE + '/api/v1' + path, {
    method,
    headers: { 'Authorization': 'Bearer ' + user.token, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : null };
}

async function expectStatus(promise, status, what) {
  const response = await promise;
  if (response.status !== status) {
    throw new Error(what + ': expected ' + status + ', got ' + response.status + ' ' + JSON.stringify(response.json));
  }
  return response.json;
}

/** A signed-in socket that records every event it is sent, and every error. */
function connect(user) {
  return new Promise((resolve, reject) => {
    const eb = new EventBus(BASE + '/eventbus', { transports: [transport] });
    const socket = { eb, events: [], errors: [], closed: false };
    eb.onerror = (err) => socket.errors.push(err);
    eb.onclose = () => { socket.closed = true; };
    eb.onopen = () => {
      eb.send('auth.socket', { token: user.token }, (err, reply) => {
        if (err) {
          reject(new Error('authentication refused: ' + JSON.stringify(err)));
          return;
        }
        socket.listen = (address) => eb.registerHandler(address, (e, message) => {
          if (!e) {
            socket.events.push({ address, body: message.body });
          }
        });
        socket.listen('user.' + user.id);
        resolve(socket);
      });
    };
  });
}

function waitFor(what, test, millis = 20000) {
  const deadline = Date.now() + millis;
  return new Promise((resolve, reject) => {
    const check = () => {
      const found = test();
      if (found) {
        resolve(found);
      } else if (Date.now() > deadline) {
        reject(new Error('timed out waiting for ' + what));
      } else {
        setTimeout(check, 20);
      }
    };
    check();
  });
}

function event(socket, type, extra = () => true) {
  return waitFor(type, () => socket.events.find((e) => e.body && e.body.type === type && extra(e.body)));
}

/** Frames are handled in order, and a second sign-in is always refused: a barrier. */
async function sync(socket) {
  const refusals = socket.errors.length;
  socket.eb.send('auth.socket', {});
  await waitFor('a refusal', () => socket.errors.length > refusals);
}

function request(socket, address, body) {
  return new Promise((resolve) => socket.eb.send(address, body, (err, reply) => resolve({ err, reply })));
}

async function main() {
  at('create room');
  const room = await expectStatus(api('POST', '/rooms', ann, { name: 'e2e', type: 'group', members: [bob.id] }), 201, 'create room');
  const address = 'room.' + room.id;
  at('sign in');
  const annSocket = await connect(ann);
  const bobSocket = await connect(bob);
  const catSocket = await connect(cat);
  annSocket.listen(address);
  bobSocket.listen(address);

  catSocket.listen(address);
  await waitFor('refusal of a room cat is not in', () => catSocket.errors.find((e) => e.body === 'rejected'));

  // a registration has no answer; the barrier's refusal comes back after it
  await sync(annSocket);
  await sync(bobSocket);

  at('send');
  const sent = await request(annSocket, 'chat.send', { roomId: room.id, text: 'hello bob' });
  if (sent.err) throw new Error('chat.send failed: ' + JSON.stringify(sent.err));
  const seq = sent.reply.body.seq;
  const received = await event(bobSocket, 'message.new', (b) => b.message.seq === seq);
  if (received.body.message.text !== 'hello bob') throw new Error('wrong text ' + JSON.stringify(received));

  at('edit, delete, read, typing');
  await expectStatus(api('PATCH', '/rooms/' + room.id + '/messages/' + seq, ann, { text: 'hello, bob' }), 200, 'edit');
  await event(bobSocket, 'message.edited', (b) => b.message.seq === seq && b.message.text === 'hello, bob');
  await expectStatus(api('DELETE', '/rooms/' + room.id + '/messages/' + seq, ann), 204, 'delete');
  await event(bobSocket, 'message.deleted', (b) => b.message.seq === seq);
  await expectStatus(api('POST', '/rooms/' + room.id + '/read', bob, { seq }), 204, 'read');
  await event(annSocket, 'read', (b) => b.userId === bob.id && b.seq === seq);
  await request(bobSocket, 'chat.typing', { roomId: room.id });
  await event(annSocket, 'typing', (b) => b.userId === bob.id);

  at('join and leave');
  await expectStatus(api('POST', '/rooms/' + room.id + '/members', ann, { userId: cat.id }), 201, 'add cat');
  await event(bobSocket, 'member.joined', (b) => b.userId === cat.id);
  await event(catSocket, 'member.joined', (b) => b.roomId === room.id);
  await expectStatus(api('DELETE', '/rooms/' + room.id + '/members/' + cat.id, ann), 204, 'remove cat');
  await event(bobSocket, 'member.left', (b) => b.userId === cat.id);

  at('remove bob');
  await expectStatus(api('DELETE', '/rooms/' + room.id + '/members/' + bob.id, ann), 204, 'remove bob');
  await event(bobSocket, 'member.left', (b) => b.userId === bob.id);
  const seenByBob = bobSocket.events.length;
  const after = await expectStatus(api('POST', '/rooms/' + room.id + '/messages', ann, { text: 'bob is gone' }), 201, 'send after');
  await event(annSocket, 'message.new', (b) => b.message.seq === after.seq);
  await sync(bobSocket);
  await new Promise((resolve) => setTimeout(resolve, 300));
  const late = bobSocket.events.slice(seenByBob).filter((e) => e.address === address);
  if (late.length > 0) throw new Error('bob still received ' + JSON.stringify(late));

  at('revoke bob');
  await expectStatus(api('POST', '/auth/logout', bob), 204, 'logout');
  await waitFor('bob\'s socket to close', () => bobSocket.closed);

  annSocket.eb.close();
  catSocket.eb.close();
  clearTimeout(stuck);
  console.log(JSON.stringify({ ok: true, transport, seq }));
}

main().then(() => process.exit(0), (e) => {
  console.error(e.message);
  process.exit(1);
});
