// Node 20 is supported locally (Lambda runs 22 or later): the AWS SDK's notice about its future support is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// oidc-provider warns once, at load, that Node 20 is not its supported runtime (Lambda runs nodejs24.x). Locally that
// line is noise; every other warning still shows.
const warn = console.warn.bind(console);
console.warn = (...args: unknown[]) => {
  if (typeof args[0] === 'string' && args[0].includes('oidc-provider WARNING: Unsupported runtime')) return;
  warn(...args);
};

export {};
