// oidc-provider warns once, at load, that Node 20 is not its supported runtime (Lambda runs nodejs24.x); in test
// output that warning, with jest's code frame of the minified bundle, is noise. Every other warning still shows.
const warn = console.warn.bind(console);
console.warn = (...args: unknown[]) => {
  if (typeof args[0] === 'string' && args[0].includes('oidc-provider WARNING: Unsupported runtime')) return;
  warn(...args);
};
