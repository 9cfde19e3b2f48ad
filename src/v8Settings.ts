// Imported first by the entry point, before any library is loaded: V8 settings that keep an
// idle bot's resident memory down (issue 13), set here so that they hold however the bot is
// started (`npm start`, the Dockerfile, a test harness). The two settings V8 reads only at
// process start, the worker pool size and glibc's allocator tunables, are in package.json's
// `start` and the Dockerfile (README, "Speed and memory").
import { setFlagsFromString } from 'node:v8';

// The young generation (two semi-spaces) grows from 1 MB up to 16 MB each whenever a burst of
// allocation survives (loading the modules, reading an inventory) and an idle bot never gives it
// back: 30 MB of the resident memory 60 s after start was an empty young generation. At 1 MB
// (what V8's own --optimize-for-size uses) the inventory bench's tradedesk side spent 3.6 s
// against 4.0 s without (100,000 items). `--max-semi-space-size` only works on the command line;
// the growth factor is read at each growth, so it works here (Node 20, 22 and 24; Node 24 would
// otherwise grow it to 64 MB). On the command line V8 raises a factor below 2 to 2.
setFlagsFromString('--semi-space-growth-factor=1');

// undici parses HTTP with llhttp compiled to WebAssembly. Once its parser function is hot, V8
// recompiles it with TurboFan, and that one compile takes 35–40 MB of native memory at once,
// which glibc then keeps: it was most of the idle bot's peak and much of its resident memory.
// Liftoff, V8's baseline WebAssembly compiler, parses as fast for what the bot sends and
// receives (3,000 requests: 589 ms against 640 ms; a 100,000-item inventory: 2.06 s of CPU
// against 2.20 s) with a peak of 5 MB. Taken on Node 20 and 22; Node 24 ignores it at run time.
setFlagsFromString('--liftoff-only');
