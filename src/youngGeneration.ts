// Imported first by the entry point, before any library is loaded. V8 grows the young
// generation (two semi-spaces) from 1 MB up to 16 MB each whenever a burst of allocation
// survives — loading the modules at start, reading an inventory — and an idle bot never gives
// it back: 30 MB of the resident memory 60 s after start was an empty young generation.
// Keeping it at 1 MB (the size V8's own --optimize-for-size mode uses) costs no CPU: the
// inventory bench's tradedesk side spent 3.6 s with it against 4.0 s without (100,000 items).
// `--max-semi-space-size` only works on the command line, which `npm start`, the Dockerfile
// and every test harness would each have to repeat; the growth factor is read at each growth,
// so setting it here holds however the bot is started (checked on Node 20, 22 and 24; Node 24
// would otherwise grow it to 64 MB). On the command line V8 raises a factor below 2 to 2.
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--semi-space-growth-factor=1');
