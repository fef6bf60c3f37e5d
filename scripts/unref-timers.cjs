// Preloaded into Prisma CLI calls: the wasm schema engine leaves a 10–60 s timer that keeps the
// process alive after the command has finished. Long timers must not hold the event loop.
const original = global.setTimeout;
global.setTimeout = function patchedSetTimeout(fn, ms, ...args) {
  const timer = original(fn, ms, ...args);
  if (typeof ms === 'number' && ms >= 10000 && timer && typeof timer.unref === 'function') timer.unref();
  return timer;
};
